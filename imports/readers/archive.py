"""The LinkedIn data archive (Basic or Complete, any era), read member by member.

Nothing is extracted to disk: each member is streamed from the ZIP. An
uploaded ZIP is untrusted, so before anything is parsed the archive is
refused, with a reason, when it has too many entries, an entry with ``..`` or
an absolute path, a symlink, an encrypted member or a nested archive. While
reading, the bytes actually decompressed are capped per member, in total, and
relative to each member's compressed size (a ZIP bomb's header can lie about
sizes; the count of bytes read cannot).

Members are recognised by their header row, not their name (names vary by era),
except that LinkedIn's guide and learning-coach chats share the messages schema
and are not conversations with people, so those files are left out by name.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from imports.readers.linkedin import ArchiveOwner, read_profile_owner
from imports.readers.sniff import SNIFF_BYTES, looks_like_text
from imports.readers.tables import TableFormat, find_table
from imports.readers.tabular import table_section
from imports.readers.text import read_csv
from imports.records import Section, UnsupportedFile

MAX_ENTRIES = 5_000
MAX_DIRECTORY_BYTES = 16 * 1024 * 1024
MAX_MEMBER_BYTES = 1024 * 1024 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 100  # decompressed bytes per compressed byte; CSV text compresses about 5:1
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny members may compress better than any ratio
# The order sections are yielded in: Profile and Invitations first, because they name
# the archive owner, whom messages must not turn into a contact.
READ_ORDER = (
    TableFormat.LINKEDIN_PROFILE,
    TableFormat.CONNECTIONS,
    TableFormat.INVITATIONS,
    TableFormat.MEMBER_FOLLOWS,
    TableFormat.LINKEDIN_NOTES,
    TableFormat.MESSAGES,
)
_ARCHIVE_NAMES = re.compile(r"\.(zip|jar|gz|tgz|tar|bz2|xz|7z|rar)$", re.IGNORECASE)
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")
_NOT_CONVERSATIONS = re.compile(r"guide|coach|learning|role_?play", re.IGNORECASE)
# The names LinkedIn gives the network files: one that does not read as such is said.
_NETWORK_FILE_NAMES = {
    "connections.csv", "invitations.csv", "messages.csv", "member_follows.csv", "notes.csv",
}  # fmt: skip
_EOCD = b"PK\x05\x06"
_CENTRAL_ENTRY = b"PK\x01\x02"
_LOCAL_HEADER_BYTES = 30  # the fixed part; the name and extra field follow


@dataclass
class _Budget:
    """Bytes decompressed so far across the whole archive."""

    total: int = 0


class _GuardedMember:
    """A member's decompressed stream that stops at the caps, counting what it reads."""

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> None:
        self._info = info
        self._budget = budget
        self._stream = archive.open(info)
        self._limit = min(MAX_MEMBER_BYTES, max(RATIO_FLOOR_BYTES, MAX_RATIO * info.compress_size))
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        # One byte past the limit is enough to know the limit is exceeded.
        allowance = self._limit - self.bytes_read + 1
        try:
            data = self._stream.read(allowance if size < 0 else min(size, allowance))
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise UnsupportedFile(
                f"{self._info.filename} in the ZIP is damaged ({error})."
            ) from error
        self.bytes_read += len(data)
        self._budget.total += len(data)
        if self.bytes_read > self._limit:
            raise UnsupportedFile(
                f"{self._info.filename} in the ZIP decompresses to more than "
                f"{self._limit:,} bytes: refused as a possible ZIP bomb."
            )
        if self._budget.total > MAX_TOTAL_BYTES:
            raise UnsupportedFile(
                f"The ZIP decompresses to more than {MAX_TOTAL_BYTES:,} bytes: refused."
            )
        return data

    def close(self) -> None:
        self._stream.close()


def archive_sections(stream: BinaryIO, name: str) -> Iterator[Section]:
    """The network sections of a LinkedIn archive, in ``READ_ORDER``."""
    with _open_zip(stream) as archive:
        infos = archive.infolist()
        budget = _Budget()
        unread: list[str] = []
        found = sorted(
            _recognised_members(archive, infos, budget, unread),
            key=lambda pair: (READ_ORDER.index(pair[0]), pair[1].filename),
        )
        if not any(kind is not TableFormat.LINKEDIN_PROFILE for kind, _info in found):
            raise UnsupportedFile(
                "This ZIP holds no LinkedIn network files (Connections.csv, Invitations.csv, "
                "messages.csv, Member_Follows.csv or Notes.csv)."
            )
        owner = ArchiveOwner()
        for kind, info in found:
            member = _GuardedMember(archive, info, budget)
            try:
                # What could not be read is said with the first section that is.
                warnings = list(unread)
                table = find_table(read_csv(member, warnings))
                if table is None:
                    continue
                if kind is TableFormat.LINKEDIN_PROFILE:
                    owner.name = owner.name or read_profile_owner(table).name
                    continue
                unread = []
                yield table_section(
                    table, f"{name}/{info.filename}", warnings, owner=owner,
                    bytes_total=info.file_size,
                )  # fmt: skip
            finally:
                member.close()


def _open_zip(stream: BinaryIO) -> zipfile.ZipFile:
    """The archive, once its directory has passed every safety check."""
    _check_entry_count(stream)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise UnsupportedFile(f"The ZIP archive cannot be read ({error}).") from error
    try:
        _refuse_unsafe(archive.infolist())
    except UnsupportedFile:
        archive.close()
        raise
    return archive


def _check_entry_count(stream: BinaryIO) -> None:
    """Counts the entries before zipfile loads the whole directory.

    The end record's count can lie (zipfile reads every entry the directory
    holds, whatever it says), so the directory's entry signatures are counted too.
    """
    size = stream.seek(0, 2)
    tail_size = min(size, 22 + 65_535)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    stream.seek(0)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        raise UnsupportedFile("The ZIP archive is damaged: its directory is missing.")
    entries, directory_bytes = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        raise UnsupportedFile("The ZIP archive is too large (ZIP64); LinkedIn archives never are.")
    if directory_bytes <= MAX_DIRECTORY_BYTES:
        end_record_at = size - tail_size + at
        entries = max(entries, _count_entries(stream, end_record_at, directory_bytes))
    if entries > MAX_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES:
        raise UnsupportedFile(
            f"The ZIP archive has {entries:,} entries; more than {MAX_ENTRIES:,} is refused."
        )


def _count_entries(stream: BinaryIO, end_record_at: int, directory_bytes: int) -> int:
    """Entry signatures in the directory, which zipfile reads just before the end record."""
    stream.seek(max(0, end_record_at - directory_bytes))
    count, carry, left = 0, b"", directory_bytes
    while left > 0:
        chunk = stream.read(min(left, 1024 * 1024))
        if not chunk:
            break
        left -= len(chunk)
        data = carry + chunk
        count += data.count(_CENTRAL_ENTRY)
        carry = data[-(len(_CENTRAL_ENTRY) - 1) :]  # too short to hold a signature twice
    stream.seek(0)
    return count


def _refuse_unsafe(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsupportedFile(f"The ZIP archive has more than {MAX_ENTRIES:,} entries: refused.")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        raise UnsupportedFile("This is an Excel workbook: save it as CSV and upload that.")
    _refuse_overlaps(infos)
    for info in infos:
        path = info.filename.replace("\\", "/")
        if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in path.split("/"):
            raise UnsupportedFile(f"The ZIP has an entry with an unsafe path ({info.filename}).")
        if info.create_system == 3 and (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise UnsupportedFile(f"The ZIP holds a symbolic link ({info.filename}): refused.")
        if info.flag_bits & 0x1:
            raise UnsupportedFile(
                f"{info.filename} in the ZIP is encrypted; upload the archive without a password."
            )
        if _ARCHIVE_NAMES.search(path) and not info.is_dir():
            raise UnsupportedFile(
                f"The ZIP holds another archive ({info.filename}); upload that one on its own."
            )


def _refuse_overlaps(infos: list[zipfile.ZipInfo]) -> None:
    """Entries whose bytes overlap: one member listed many times is inflated many times."""
    free_from = 0
    for info in sorted(infos, key=lambda info: info.header_offset):
        if info.header_offset < free_from:
            raise UnsupportedFile(
                f"The ZIP has entries that share their data ({info.filename}), a ZIP bomb's "
                "trick: refused."
            )
        # A lower bound of where the member ends: its name and extra field add to it.
        free_from = info.header_offset + _LOCAL_HEADER_BYTES + info.compress_size


def _recognised_members(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    budget: _Budget,
    unread: list[str] | None = None,
) -> Iterator[tuple[TableFormat, zipfile.ZipInfo]]:
    """The members that are network files, with what they hold; ``unread`` gets, in words,
    each member named as one (messages.csv…) whose content is not."""
    for info in infos:
        path = PurePosixPath(info.filename)
        if info.is_dir() or "__MACOSX" in path.parts or path.name.startswith("._"):
            continue
        kind = _member_format(archive, info, budget)
        if kind not in READ_ORDER:
            if unread is not None and path.name.lower() in _NETWORK_FILE_NAMES:
                unread.append(f"{info.filename} in the archive could not be read, and was skipped.")
            continue
        if kind is TableFormat.MESSAGES and _NOT_CONVERSATIONS.search(path.name):
            continue
        yield kind, info


def archive_members(stream: BinaryIO) -> list[tuple[str, str]]:
    """``(member name, what it holds)`` for each network file of an archive, for a preview."""
    with _open_zip(stream) as archive:
        found = _recognised_members(archive, archive.infolist(), _Budget())
        return [(info.filename, str(kind)) for kind, info in found]


def _member_format(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget
) -> TableFormat | None:
    member = _GuardedMember(archive, info, budget)
    try:
        head = member.read(SNIFF_BYTES)
        if head.startswith(_ARCHIVE_MAGIC):
            raise UnsupportedFile(
                f"The ZIP holds another archive ({info.filename}); upload that one on its own."
            )
        if not head or not looks_like_text(head):
            return None
        member.close()
        member = _GuardedMember(archive, info, budget)
        table = find_table(read_csv(member, []))
        return table.format if table else None
    finally:
        member.close()
