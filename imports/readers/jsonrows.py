"""JSON files: a top-level array, an object wrapping one (``{"data": [...]}``, the
LinkedIn DMA API's ``elements[].snapshotData[]``), or NDJSON (one object a line).

Arrays are streamed item by item with ijson, so memory holds one item at a time.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from itertools import chain, islice
from typing import Any, BinaryIO

import ijson

from imports.readers.text import DecodedLines
from imports.records import UnsupportedFile

MAX_SCAN_EVENTS = 10_000
KEY_SAMPLE = 100  # objects whose keys make the columns
# People are a few levels deep; ijson's own prefixed parsing costs memory that grows
# with the square of the depth (100,000 nested "[" asked for over 20 GB), so events
# are read from ijson.basic_parse and anything deeper than this is refused.
MAX_DEPTH = 64
Row = tuple[int, Mapping[str, Any] | None, str]
_SCALARS = {"null": "null", "boolean": "true or false", "number": "a number", "string": "a string"}


def json_rows(stream: BinaryIO) -> Iterator[Row]:
    """``(item number or line, the object or None when it is not one, raw text)`` per item."""
    if is_ndjson(stream):
        yield from _ndjson_rows(stream)
        return
    prefix = _items_prefix(stream)
    _skip_bom(stream)
    number = 0
    try:
        for number, item in enumerate(_items(_events(stream), prefix), start=1):
            yield number, item if isinstance(item, dict) else None, json.dumps(item)[:1000]
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise UnsupportedFile(
            f"The JSON is broken or cut short after item {number} ({_first_line(error)}); "
            "the rest of the file is not readable."
        ) from error


def column_keys(rows: Iterator[Row]) -> tuple[list[str], Iterator[Row]]:
    """The file's "columns" and the rows, none consumed.

    The columns are the keys of the first ``KEY_SAMPLE`` objects, in the order
    first seen: export tools leave a key out of an object that has no value for
    it, so the first object alone can miss a column (``fullName`` when its
    person has only a first and last name).
    """
    sample = list(islice(rows, KEY_SAMPLE))
    keys: dict[str, None] = {}
    for _number, item, _raw in sample:
        if item is not None:
            keys.update(dict.fromkeys(item))
    return list(keys), chain(sample, rows)


def is_ndjson(stream: BinaryIO) -> bool:
    """Whether the first line is a whole JSON object and another object follows it."""
    seen: list[str] = []
    try:
        for line in DecodedLines(stream):
            if line.strip():
                seen.append(line.strip())
            if len(seen) == 2:
                break
    finally:
        stream.seek(0)
    if len(seen) < 2 or not seen[1].startswith("{"):
        return False
    try:
        return isinstance(json.loads(seen[0]), dict)
    except ValueError:
        return False


def _items_prefix(stream: BinaryIO) -> str:
    """The ijson prefix of the rows: ``item`` for an array, else the first array of objects."""
    _skip_bom(stream)
    events = _events(stream, multiple_values=True)
    try:
        for count, (prefix, event, _value) in enumerate(events):
            if count == 0 and event == "start_array":
                return "item"
            if count == 0 and event in _SCALARS:
                raise UnsupportedFile(
                    f"The JSON is a single value ({_SCALARS[event]}), not a list of people "
                    "(an array of objects)."
                )
            if event == "start_map" and prefix.endswith("item"):
                return _dma_prefix(prefix, events)
            if count > MAX_SCAN_EVENTS:
                break
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise UnsupportedFile(f"The file is not valid JSON ({_first_line(error)}).") from error
    finally:
        stream.seek(0)
    raise UnsupportedFile("The JSON holds no list of people (an array of objects).")


def _events(stream: BinaryIO, multiple_values: bool = False) -> Iterator[tuple[str, str, Any]]:
    """``ijson.parse``'s ``(prefix, event, value)``, refusing nesting deeper than MAX_DEPTH."""
    path: list[str | None] = []
    for event, value in ijson.basic_parse(stream, use_float=True, multiple_values=multiple_values):
        if event == "map_key":
            prefix = ".".join(path[:-1])
            path[-1] = value
        elif event in ("start_map", "start_array"):
            if len(path) >= MAX_DEPTH:
                raise UnsupportedFile(
                    f"The JSON is nested more than {MAX_DEPTH} levels deep: it is not a list "
                    "of people."
                )
            prefix = ".".join(path)
            path.append(None if event == "start_map" else "item")
        elif event in ("end_map", "end_array"):
            path.pop()
            prefix = ".".join(path)
        else:
            prefix = ".".join(path)
        yield prefix, event, value


def _items(events: Iterator[tuple[str, str, Any]], prefix: str) -> Iterator[Any]:
    """``ijson.items`` over bounded events: each value found at ``prefix``, built whole."""
    for current, event, value in events:
        if current != prefix:
            continue
        if event not in ("start_map", "start_array"):
            yield value
            continue
        builder = ijson.ObjectBuilder()
        depth = 0
        while True:
            builder.event(event, value)
            depth += {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}.get(
                event, 0
            )
            if depth == 0:
                break
            current, event, value = next(events)
        yield builder.value


def _dma_prefix(prefix: str, events: Iterator[tuple[str, str, Any]]) -> str:
    # LinkedIn's Member Data Portability API nests the rows one level deeper.
    if prefix == "elements.item":
        for inner_prefix, event, value in events:
            if event == "map_key" and inner_prefix == prefix and value == "snapshotData":
                return f"{prefix}.snapshotData.item"
            if event == "end_map" and inner_prefix == prefix:
                break
    return prefix


def _ndjson_rows(stream: BinaryIO) -> Iterator[Row]:
    for number, line in enumerate(DecodedLines(stream), start=1):
        text = line.strip()
        if not text:
            continue
        try:
            item = json.loads(text)
        except ValueError:
            yield number, None, text[:1000]
            continue
        yield number, item if isinstance(item, dict) else None, text[:1000]


def _first_line(error: Exception) -> str:
    # The C parser adds the text around the error and an ASCII-art pointer on more lines.
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _skip_bom(stream: BinaryIO) -> None:
    stream.seek(0)
    if stream.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
        stream.seek(0)
