"""What each bad file's import job must end in: its status, and words its reason must hold.

A file that cannot be imported fails with a reason for the user; a file that
can is imported, with the rows it cannot read counted. "" means any reason.
"""

from __future__ import annotations

DONE = ("succeeded", "")


def failed(reason: str) -> tuple[str, str]:
    return ("failed", reason)


BINARY = failed("The file is binary, not text")
NO_ROWS = failed("The file holds no rows to import.")
BLANK = failed("The file holds only blank space.")
LINE_TOO_LONG = failed("A line is longer than 4 MB")
NO_NETWORK_FILES = failed("This ZIP holds no LinkedIn network files")
NOT_READABLE_JSON = failed("The JSON is broken or cut short after item 0")
UNSAFE_PATH = failed("The ZIP has an entry with an unsafe path")

EXPECTED: dict[str, tuple[str, str]] = {
    "encoding/utf8_bom.csv": DONE,
    "encoding/utf16le_bom.csv": DONE,
    "encoding/utf16be_bom.csv": DONE,
    "encoding/utf16le_no_bom.csv": DONE,
    "encoding/utf16be_no_bom.csv": DONE,
    "encoding/utf32le_bom.csv": DONE,
    "encoding/cp1252.csv": DONE,
    "encoding/mixed_utf8_and_cp1252.csv": DONE,
    "encoding/utf8_cut_inside_a_character.csv": DONE,
    "encoding/utf16_odd_length.csv": DONE,
    "encoding/utf16_lone_surrogate_bytes.csv": DONE,
    "encoding/bom_only.csv": BLANK,
    "structure/empty.csv": failed("The file is empty."),
    "structure/whitespace_only.csv": BLANK,
    "structure/newlines_only.csv": BLANK,
    "structure/header_only.csv": NO_ROWS,
    "structure/header_only_crlf_no_newline.csv": NO_ROWS,
    "structure/ragged_rows.csv": DONE,
    "structure/duplicate_headers.csv": DONE,
    "structure/unterminated_quote.csv": DONE,
    "structure/field_200kb.csv": DONE,
    "structure/line_10mb.csv": failed("Line 3 has a cell larger than 4 MB"),
    "structure/columns_10000.csv": DONE,
    "structure/cr_only_line_ends.csv": DONE,
    "structure/notes_preamble_only.csv": failed("The columns were not recognised"),
    "structure/rows_without_identity.csv": failed("No person was recognised in this file"),
    "structure/semicolons_with_quoted_commas.csv": DONE,
    "structure/garbage_dates.csv": DONE,
    "content/nul_bytes.csv": BINARY,
    "content/formula_hyperlink.csv": DONE,
    "content/formula_plus.csv": DONE,
    "content/formula_minus.csv": DONE,
    "content/formula_at.csv": DONE,
    "content/formula_tab_and_cr.csv": DONE,
    "content/html_and_script.csv": DONE,
    "content/javascript_urls.csv": DONE,
    "content/bidi_overrides.csv": DONE,
    "content/nfd_and_nfc_names.csv": DONE,
    "content/values_longer_than_columns.csv": DONE,
    "content/control_characters.csv": BINARY,
    "content/zero_width_and_emoji.csv": DONE,
    "content/percent_encoded_slugs.csv": DONE,
    "content/email_header_injection.csv": DONE,
    "content/sql_like_values.csv": DONE,
    "json/nesting_100000_arrays.json": failed("nested more than 64 levels deep"),
    "json/nesting_100000_objects.json": failed("nested more than 64 levels deep"),
    "json/duplicate_keys.json": DONE,
    "json/nan_and_infinity.json": NOT_READABLE_JSON,
    "json/number_5000_digits.json": NOT_READABLE_JSON,
    "json/lone_surrogates.json": NOT_READABLE_JSON,
    "json/wrong_shape_scalar.json": failed("The JSON is a single value (a string)"),
    "json/wrong_shape_object.json": failed("The JSON holds no list of people"),
    "json/wrong_shape_strings.json": failed("The JSON holds no objects with named fields."),
    "json/wrong_shape_mixed_rows.json": DONE,
    "json/truncated.json": NOT_READABLE_JSON,
    "json/ndjson_with_bad_lines.ndjson": DONE,
    "json/nul_in_strings.json": DONE,
    "json/ndjson_nul_byte_past_the_sniff.ndjson": DONE,
    "zip/zip_bomb_classic.zip": failed("refused as a possible ZIP bomb"),
    "zip/zip_bomb_zeros.zip": failed("refused as a possible ZIP bomb"),
    "zip/zip_bomb_overlapping_entries.zip": failed("entries that share their data"),
    "zip/zip_slip_dotdot.zip": UNSAFE_PATH,
    "zip/zip_slip_absolute.zip": UNSAFE_PATH,
    "zip/zip_slip_windows_drive.zip": UNSAFE_PATH,
    "zip/zip_symlink.zip": failed("The ZIP holds a symbolic link"),
    "zip/zip_100000_entries.zip": failed("The ZIP archive is too large (ZIP64)"),
    "zip/zip_100000_entries_declaring_10.zip": failed("has 100,000 entries"),
    "zip/zip_nested_archive.zip": failed("The ZIP holds another archive (inner.zip)"),
    "zip/zip_nested_disguised.zip": failed("The ZIP holds another archive (Connections.csv)"),
    "zip/zip_encrypted_member.zip": failed("is encrypted"),
    "zip/zip_truncated.zip": failed("The ZIP archive is damaged"),
    "zip/zip_damaged_member.zip": failed("Connections.csv in the ZIP is damaged"),
    "zip/zip_macosx_junk.zip": DONE,
    "zip/zip_only_macosx.zip": NO_NETWORK_FILES,
    "zip/zip_empty.zip": NO_NETWORK_FILES,
    "zip/zip_only_folders.zip": NO_NETWORK_FILES,
    "zip/zip_excel_workbook.zip": failed("This is an Excel workbook"),
    "zip/zip_no_network_files.zip": NO_NETWORK_FILES,
    "other/pdf_named_csv.csv": failed("This is a PDF document"),
    "other/png_named_csv.csv": failed("This is a PNG image"),
    "other/gzip.csv.gz": failed("This is a gzip archive"),
    "other/random_binary.bin": BINARY,
    "other/vcard_unterminated.vcf": failed("the card has no END:VCARD (is the file cut short?)"),
    "other/vcard_long_line.vcf": LINE_TOO_LONG,
}
