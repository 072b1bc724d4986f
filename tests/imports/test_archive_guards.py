"""Hostile ZIPs: bombs, path traversal, symlinks, encryption, nested archives, too many entries."""

import struct
import zipfile

import pytest

from imports.readers import archive, open_sections
from imports.records import UnsupportedFile

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def read_everything(path):
    for section in open_sections(path):
        list(section.rows)


def refused(path, reason):
    with pytest.raises(UnsupportedFile, match=reason):
        read_everything(path)


def test_a_zip_bomb_is_stopped_by_the_bytes_actually_read(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        # 16 MB of one repeated row compresses about 1000:1.
        bomb.writestr("Connections.csv", CONNECTIONS + "Ann,Lee,,,Acme,Dev,07 Dec 2024\n" * 500_000)
    refused(path, "possible ZIP bomb")


def test_a_member_whose_header_lies_about_its_size_is_still_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 2_000_000)
    monkeypatch.setattr(archive, "MAX_RATIO", 10_000)
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as liar:
        liar.writestr("Connections.csv", CONNECTIONS + "Ann,Lee,,,Acme,Dev,07 Dec 2024\n" * 100_000)
    refused(path, "more than 2,000,000 bytes")


def test_the_total_bytes_read_across_members_are_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 3_000_000)
    path = tmp_path / "many.zip"
    rows = CONNECTIONS + "".join(f"P{i},Lee,,,Acme{i},Dev,07 Dec 2024\n" for i in range(30_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as many:
        for n in range(3):
            many.writestr(f"part{n}/Connections.csv", rows)
    refused(path, "more than 3,000,000 bytes")


@pytest.mark.parametrize(
    "name", ["../Connections.csv", "/etc/Connections.csv", "a/../../x.csv", "C:/x.csv"]
)
def test_entries_with_unsafe_paths_are_refused(tmp_path, name):
    path = tmp_path / "slip.zip"
    with zipfile.ZipFile(path, "w") as slip:
        slip.writestr("Connections.csv", CONNECTIONS)
        slip.writestr(zipfile.ZipInfo(name), CONNECTIONS)
    refused(path, "unsafe path")


def test_a_symlink_is_refused(tmp_path):
    path = tmp_path / "link.zip"
    link = zipfile.ZipInfo("Connections.csv")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    with zipfile.ZipFile(path, "w") as archive_file:
        archive_file.writestr(link, "/etc/passwd")
    refused(path, "symbolic link")


def test_an_encrypted_member_is_refused(tmp_path):
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as locked:
        locked.writestr("Connections.csv", CONNECTIONS)
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag in the local header and in the central directory entry.
    data[6] |= 1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    path.write_bytes(bytes(data))
    refused(path, "encrypted")


def test_a_nested_archive_is_refused_by_name(tmp_path):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr("Connections.csv", CONNECTIONS)
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as outer:
        outer.write(inner, "Basic_LinkedInDataExport.zip")
    refused(path, "another archive")


def test_a_nested_archive_is_refused_by_content_whatever_its_name(tmp_path):
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as outer:
        outer.writestr("Connections.csv", CONNECTIONS)
        outer.writestr("data.bin", b"PK\x03\x04" + b"\x00" * 60)
    refused(path, "another archive")


def test_too_many_entries_are_refused_before_the_directory_is_loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 50)
    path = tmp_path / "crowd.zip"
    with zipfile.ZipFile(path, "w") as crowd:
        for n in range(51):
            crowd.writestr(f"f{n}.txt", "x")
    refused(path, "51 entries")


def test_a_damaged_zip_is_refused(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    refused(path, "damaged")


def test_a_forged_entry_count_in_the_end_record_is_refused(tmp_path):
    path = tmp_path / "forged.zip"
    with zipfile.ZipFile(path, "w") as forged:
        forged.writestr("Connections.csv", CONNECTIONS)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<HH", 0xFFFF, 0xFFFF)
    path.write_bytes(bytes(data))
    refused(path, "ZIP64|damaged|cannot be read")


def test_an_end_record_understating_the_entries_is_refused_by_counting_them(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 50)
    path = tmp_path / "crowd.zip"
    with zipfile.ZipFile(path, "w") as crowd:
        for n in range(51):
            crowd.writestr(f"f{n}.txt", "x")
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<HH", 1, 1)  # "one entry", says the end record
    path.write_bytes(bytes(data))
    refused(path, "51 entries")


def test_entries_sharing_one_members_data_are_refused(tmp_path):
    path = tmp_path / "overlap.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as single:
        single.writestr("Connections.csv", CONNECTIONS + "Ann,Lee,,,Acme,Dev,07 Dec 2024\n")
    data = path.read_bytes()
    directory = data.rindex(b"PK\x01\x02")
    end = data.rindex(b"PK\x05\x06")
    entry = data[directory:end]
    # The same directory entry three times: three members inflating the same bytes.
    record = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 3, 3, 3 * len(entry), directory, 0)
    path.write_bytes(data[:directory] + entry * 3 + record)
    refused(path, "share their data")
