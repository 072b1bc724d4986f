"""JSON and NDJSON files: recognised by the keys of their first objects, then streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from imports.readers import profiles
from imports.readers.columns import header_signature, normalise_name, suggest_mapping
from imports.readers.jsonrows import column_keys, is_ndjson, json_rows
from imports.readers.own_export import FACTS, read_own_rows
from imports.records import Section, SectionKind, UnsupportedFile

# The DMA API returns Connections.csv rows as objects keyed by the CSV header names.
_CONNECTIONS_MAPPING = {
    "firstname": "first_name", "lastname": "last_name", "url": "profile_url",
    "emailaddress": "email", "company": "company", "position": "position",
    "connectedon": "connected_on",
}  # fmt: skip


def json_sections(
    stream: BinaryIO, name: str, declared_kind: str | None, mapping: dict[str, str] | None
) -> Iterator[Section]:
    """The one section of a JSON or NDJSON file."""
    unit = "line" if is_ndjson(stream) else "item"
    keys, rows = column_keys(json_rows(stream))
    if not keys:
        raise UnsupportedFile("The JSON holds no objects with named fields.")
    normalised = {normalise_name(key): key for key in keys}
    kind, is_snapshot = SectionKind.CONTACTS, False
    warnings: list[str] = []
    if mapping is None and set(FACTS) <= set(keys):
        items = read_own_rows(rows, from_csv=False)
    elif mapping is None and {"firstname", "connectedon"} <= set(normalised):
        chosen = {
            normalised[n]: field for n, field in _CONNECTIONS_MAPPING.items() if n in normalised
        }
        items = profiles.read_mapped_rows(rows, chosen, "connections", warnings, unit)
        kind, is_snapshot = SectionKind.CONNECTIONS, True
    else:
        chosen = profiles.mapping_for(keys, mapping)
        items = profiles.read_mapped_rows(rows, chosen, declared_kind, warnings, unit)
        kind = profiles.section_kind(mapping)
    yield Section(
        name=name,
        kind=kind,
        rows=items,
        is_snapshot=is_snapshot,
        warnings=warnings,
        row_unit=unit,
    )


def json_preview(stream: BinaryIO, rows: int) -> dict[str, Any]:
    """Preview fields of a JSON file: the first objects' keys and the first rows' values."""
    keys, items = column_keys(json_rows(stream))
    first: list[list[str]] = []
    for _line, values, _raw in items:
        if len(first) >= rows:
            break
        if values is not None:
            first.append([_cell(values.get(key)) for key in keys])
    return {
        "format": json_format(keys),
        "columns": keys,
        "rows": first,
        "suggested_mapping": suggest_mapping(keys),
        "signature": header_signature(keys),
    }


def json_format(keys: list[str]) -> str:
    """The format of a JSON file whose objects have ``keys``: "json" when a mapping must say."""
    if set(FACTS) <= set(keys):
        return "network-crm-export"
    if {"firstname", "connectedon"} <= {normalise_name(key) for key in keys}:
        return "linkedin-connections"
    return "json"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return str(value)
