"""Helpers for reader tests: write bytes to a file, read every section's items back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from imports.readers import open_sections
from imports.records import Item, PersonRecord, RowError, Section, SectionKind, SkippedRow

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SAMPLES = FIXTURES / "linkedin"  # a verbatim copy of ../shared/samples/linkedin


@dataclass
class ReadSection:
    """A section with its rows read to the end."""

    name: str
    kind: SectionKind
    is_snapshot: bool
    warnings: list[str]
    items: list[Item]

    @property
    def people(self) -> list[PersonRecord]:
        return [item for item in self.items if isinstance(item, PersonRecord)]

    @property
    def skipped(self) -> list[SkippedRow]:
        return [item for item in self.items if isinstance(item, SkippedRow)]

    @property
    def errors(self) -> list[RowError]:
        return [item for item in self.items if isinstance(item, RowError)]

    @property
    def names(self) -> list[str]:
        return [
            " ".join(part for part in (p.first_name, p.last_name) if part) or p.display_name
            for p in self.people
        ]


def read_all(path: Path, **options: object) -> list[ReadSection]:
    return [_read(section) for section in open_sections(path, **options)]


def read_one(path: Path, **options: object) -> ReadSection:
    (section,) = read_all(path, **options)
    return section


def _read(section: Section) -> ReadSection:
    items = list(section.rows)
    return ReadSection(section.name, section.kind, section.is_snapshot, section.warnings, items)


def write(tmp_path: Path, data: bytes | str, name: str = "upload.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path
