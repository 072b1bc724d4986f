"""Jobs over sections built from records: the pipeline's real input, without a file format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from imports.jobs import create_job
from imports.models import ImportJob
from imports.records import Item, PersonRecord, Section, SectionKind


def person(line: int, slug: str = "", **fields: Any) -> PersonRecord:
    """A record for the LinkedIn member ``slug`` (when given)."""
    url = f"https://www.linkedin.com/in/{slug}/" if slug else ""
    return PersonRecord(line=line, profile_url=url, **fields)


def connection(
    line: int, slug: str, connected_on: date | None = None, **fields: Any
) -> PersonRecord:
    return person(line, slug, is_connection=True, connected_on=connected_on, **fields)


def sections_of(*sections: tuple[SectionKind, list[Item]], snapshot: bool = False) -> Callable:
    """An opener yielding one section per (kind, items), as a reader would for a file."""

    def open_sections(path: Path, *, declared_kind: str | None, mapping: Any) -> Iterator[Section]:
        for number, (kind, items) in enumerate(sections):
            yield Section(
                name=f"section-{number}",
                kind=kind,
                rows=iter(items),
                is_snapshot=snapshot and kind == SectionKind.CONNECTIONS,
            )

    return open_sections


def connections_file(items: list[Item], *, snapshot: bool = True) -> Callable:
    return sections_of((SectionKind.CONNECTIONS, items), snapshot=snapshot)


@pytest.fixture
def make_job() -> Callable[..., ImportJob]:
    def make(owner: Any, **options: Any) -> ImportJob:
        return create_job(owner, ContentFile(b"rows", name="network.csv"), **options)

    return make
