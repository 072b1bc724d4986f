"""Hostile and broken ZIP archives, built in memory: bombs, slips, links, nesting, damage."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from scripts.bad_corpus.text_cases import people

CONNECTIONS = people(5).encode()


def archive(*members: tuple[str | zipfile.ZipInfo, bytes], compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as zipped:
        for name, data in members:
            zipped.writestr(name, data)
    return buffer.getvalue()


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, so the mode bits below are read
    info.external_attr = (0o120777 << 16) & 0xFFFF0000
    return info, target.encode()


def encrypted() -> bytes:
    """A member flagged as encrypted, as a password-protected archive's are.

    zipfile cannot encrypt, and resets the flags it is given, so the flag bit is
    set in the local header and in the directory entry afterwards.
    """
    data = bytearray(archive(("Connections.csv", CONNECTIONS)))
    data[6] |= 0x1
    data[data.rindex(b"PK\x01\x02") + 8] |= 0x1
    return bytes(data)


def _repeated_deflate(head: bytes, block: bytes, times: int) -> tuple[bytes, bytes, int, int]:
    """``head`` then ``block`` ``times`` over, deflated without compressing each repeat again.

    A full flush makes each block's compressed form independent of what came
    before, so it is compressed once and repeated. Returns the compressed bytes,
    and the plain bytes' CRC and size, for the ZIP headers.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    body = first + repeat * times + compressor.flush()
    return body, crc, len(head) + len(block) * times


def classic_bomb() -> bytes:
    """A Connections.csv that inflates a thousandfold: 200 lines of a megabyte each."""
    line = b"a" * (1024 * 1024 - 1) + b"\n"
    return _raw_member_archive("Connections.csv", *_repeated_deflate(CONNECTIONS, line, 200))


def zeros_bomb() -> bytes:
    """200 MB of zero bytes in one member, compressed to about 200 KB."""
    return _raw_member_archive("Connections.csv", *_repeated_deflate(b"", bytes(1 << 20), 200))


def _raw_member_archive(name: str, deflated: bytes, crc: int, size: int) -> bytes:
    """One deflated member, its headers written by hand for plain bytes never held in memory."""
    encoded = name.encode()
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), size,
        len(encoded), 0,
    ) + encoded  # fmt: skip
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(deflated),
        size, len(encoded), 0, 0, 0, 0, 0, 0,
    ) + encoded  # fmt: skip
    offset = len(local) + len(deflated)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), offset, 0)
    return local + deflated + central + end


def overlapping_bomb(entries: int = 400) -> bytes:
    """Many directory entries that all point at the same compressed member (Fifield's trick)."""
    one = archive(("Connections.csv", CONNECTIONS + b"a," * 400_000 + b"\n"))
    with zipfile.ZipFile(io.BytesIO(one)) as zipped:
        info = zipped.infolist()[0]
    directory_start = one.rindex(b"PK\x01\x02")
    record_end = one.rindex(b"PK\x05\x06")
    entry = one[directory_start:record_end]
    assert info.header_offset == 0
    central = entry * entries
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries, entries, len(central), directory_start, 0
    )
    return one[:directory_start] + central + end


def many_entries(count: int = 100_000, declared: int | None = None) -> bytes:
    """``count`` empty files, headers packed by hand (zipfile takes seconds for this many).

    With ``declared``, the end record claims that many entries (a lie a reader
    must not trust); without it, the count is written honestly, in ZIP64 records.
    """
    crc = zlib.crc32(b"")
    locals_, central = [], []
    offset = 0
    for number in range(count):
        name = f"f/{number}.txt".encode()
        local = struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, 0, 0, len(name), 0
        ) + name  # fmt: skip
        central.append(struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, 0, 0, len(name),
            0, 0, 0, 0, 0, offset,
        ) + name)  # fmt: skip
        locals_.append(local)
        offset += len(local)
    directory = b"".join(central)
    if declared is not None:
        end = struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, declared, declared, len(directory), offset, 0
        )
        return b"".join(locals_) + directory + end
    zip64_at = offset + len(directory)
    zip64_end = struct.pack(
        "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), offset
    )
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, zip64_at, 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), offset, 0)
    return b"".join(locals_) + directory + zip64_end + locator + end


def damaged_member() -> bytes:
    data = bytearray(archive(("Connections.csv", CONNECTIONS * 50)))
    middle = 30 + len("Connections.csv") + 40
    data[middle : middle + 20] = bytes(20)
    return bytes(data)


def _workbook() -> bytes:
    return archive(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>"))


ZIP: dict[str, Callable[[], bytes]] = {
    "zip_bomb_classic.zip": classic_bomb,
    "zip_bomb_zeros.zip": zeros_bomb,
    "zip_bomb_overlapping_entries.zip": overlapping_bomb,
    "zip_slip_dotdot.zip": lambda: archive(("../../../tmp/Connections.csv", CONNECTIONS)),
    "zip_slip_absolute.zip": lambda: archive(("/etc/cron.d/Connections.csv", CONNECTIONS)),
    "zip_slip_windows_drive.zip": lambda: archive(("C:\\Windows\\Connections.csv", CONNECTIONS)),
    "zip_symlink.zip": lambda: archive(
        ("Connections.csv", CONNECTIONS), _symlink("messages.csv", "/etc/passwd")
    ),
    "zip_100000_entries.zip": many_entries,
    "zip_100000_entries_declaring_10.zip": lambda: many_entries(declared=10),
    "zip_nested_archive.zip": lambda: archive(
        ("Connections.csv", CONNECTIONS), ("inner.zip", archive(("Connections.csv", CONNECTIONS)))
    ),
    "zip_nested_disguised.zip": lambda: archive(
        ("Connections.csv", archive(("Connections.csv", CONNECTIONS)))
    ),
    "zip_encrypted_member.zip": encrypted,
    "zip_truncated.zip": lambda: archive(("Connections.csv", CONNECTIONS * 20))[:300],
    "zip_damaged_member.zip": damaged_member,
    "zip_macosx_junk.zip": lambda: archive(
        ("__MACOSX/._Connections.csv", b"\x00\x05\x16\x07junk"),
        ("__MACOSX/Connections.csv", CONNECTIONS),
        ("._Connections.csv", b"\x00\x05\x16\x07junk"),
        ("Connections.csv", CONNECTIONS),
    ),
    "zip_only_macosx.zip": lambda: archive(("__MACOSX/Connections.csv", CONNECTIONS)),
    "zip_empty.zip": lambda: archive(),
    "zip_only_folders.zip": lambda: archive(("a/", b""), ("a/b/", b"")),
    "zip_excel_workbook.zip": _workbook,
    "zip_no_network_files.zip": lambda: archive(("README.txt", b"hello"), ("photo.jpg", bytes(99))),
}
