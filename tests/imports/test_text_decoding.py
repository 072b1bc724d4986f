"""Encodings, line ends and delimiters of CSV uploads (Excel re-saves, 2018 UTF-16 files)."""

import codecs

from imports.readers.text import CP1252_WARNING
from tests.imports.readers_support import read_one, write

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
ROW = "Zoë,Brandt,https://www.linkedin.com/in/zo%C3%AB-brandt,,Woodgrove,Chief of Staff,14 Jan 2026"


def _names(section):
    return [(p.first_name, p.last_name, p.company) for p in section.people]


def test_it_reads_utf8_without_a_bom(tmp_path):
    section = read_one(write(tmp_path, f"{HEADER}\n{ROW}\n"))
    assert _names(section) == [("Zoë", "Brandt", "Woodgrove")]
    assert section.warnings == []


def test_it_strips_a_utf8_bom_from_the_first_header(tmp_path):
    section = read_one(write(tmp_path, codecs.BOM_UTF8 + f"{HEADER}\n{ROW}\n".encode()))
    assert _names(section) == [("Zoë", "Brandt", "Woodgrove")]


def test_it_reads_utf16_little_endian_with_tabs(tmp_path):
    text = f"{HEADER}\r\n{ROW}\r\n".replace(",", "\t")
    section = read_one(write(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert _names(section) == [("Zoë", "Brandt", "Woodgrove")]


def test_it_reads_utf16_big_endian_with_tabs(tmp_path):
    text = f"{HEADER}\n{ROW}\n".replace(",", "\t")
    section = read_one(write(tmp_path, codecs.BOM_UTF16_BE + text.encode("utf-16-be")))
    assert _names(section) == [("Zoë", "Brandt", "Woodgrove")]


def test_it_falls_back_to_cp1252_and_warns(tmp_path):
    data = f"{HEADER}\r\n{ROW.replace('Woodgrove', 'Café Müller')}\r\n".encode("cp1252")
    section = read_one(write(tmp_path, data))
    assert _names(section) == [("Zoë", "Brandt", "Café Müller")]
    assert section.warnings == [CP1252_WARNING]


def test_a_cp1252_byte_split_across_read_chunks_is_still_decoded(tmp_path):
    filler = "".join(f"P{i},Q,,,Acme,Dev,07 Dec 2024\n" for i in range(4000))
    data = f"{HEADER}\n{filler}Ren\xe9e,Roy,,,\xc9cole,Dev,07 Dec 2024\n".encode("latin-1")
    section = read_one(write(tmp_path, data))
    assert section.people[-1].first_name == "Renée"
    assert section.people[-1].company == "École"
    assert len(section.people) == 4001


def test_it_reads_semicolons_from_a_european_excel_save(tmp_path):
    data = (
        "First Name;Last Name;Company;Position;Connected on\r\n"
        'Mette;Hansen;"Novo, A/S";Engineer, Platform;16.09.2021\r\n'
    )
    section = read_one(write(tmp_path, data))
    (person,) = section.people
    assert (person.company, person.position) == ("Novo, A/S", "Engineer, Platform")
    assert person.connected_on.isoformat() == "2021-09-16"


def test_it_reads_crlf_and_a_missing_final_newline(tmp_path):
    section = read_one(write(tmp_path, f"{HEADER}\r\n{ROW}\r\n{ROW.replace('Zoë', 'Ada')}"))
    assert [p.first_name for p in section.people] == ["Zoë", "Ada"]


def test_it_reads_quoted_commas_escaped_quotes_and_multiline_cells(tmp_path):
    data = (
        f"{HEADER}\n"
        'Wren,"Hale, PhD",,,"Contoso, Ltd.","""Chief"" of\nStaff",07 Dec 2024\n'
        "Kofi,Mensah,,,Adatum,Designer,08 Dec 2024\n"
    )
    section = read_one(write(tmp_path, data))
    assert [(p.last_name, p.company, p.position, p.line) for p in section.people] == [
        ("Hale, PhD", "Contoso, Ltd.", '"Chief" of\nStaff', 2),
        ("Mensah", "Adatum", "Designer", 4),
    ]


def test_it_reads_a_file_larger_than_one_chunk_line_by_line(tmp_path):
    rows = "".join(f"P{i},Example,,,Acme,Dev,07 Dec 2024\r\n" for i in range(20000))
    section = read_one(write(tmp_path, f"{HEADER}\r\n{rows}"))
    assert len(section.people) == 20000
    assert section.people[-1].line == 20001
