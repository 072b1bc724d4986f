"""Writes the bad-input corpus: hostile, broken and odd files that imports must survive.

    python scripts/make_bad_corpus.py [FOLDER]     (default: var/test/bad)

The files are generated, not committed: some are large (a 10 MB line, a ZIP of
100,000 entries, bombs), and all are reproducible from this code. The tests
(tests/trust/test_bad_corpus.py) write the corpus once per session and run
each file through a real import job.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bad_corpus.text_cases import CONTENT, ENCODINGS, JSON, OTHER, STRUCTURE
from scripts.bad_corpus.zip_cases import ZIP

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "var" / "test" / "bad"

CORPUS: dict[str, dict[str, Callable[[], bytes]]] = {
    "encoding": ENCODINGS,
    "structure": STRUCTURE,
    "content": CONTENT,
    "json": JSON,
    "zip": ZIP,
    "other": OTHER,
}


def corpus_folder(root: Path) -> Path:
    """A folder under ``root`` named for this code's version: a changed case is written anew."""
    sources = sorted(Path(__file__).resolve().parent.glob("bad_corpus/*.py"))
    digest = hashlib.sha256()
    for source in [Path(__file__).resolve(), *sources]:
        digest.update(source.read_bytes())
    return root / digest.hexdigest()[:12]


def case_names() -> list[str]:
    """Every file's name, as ``group/name``."""
    return [f"{group}/{name}" for group, cases in CORPUS.items() for name in cases]


def write_case(folder: Path, case: str) -> Path:
    """Writes one file (``group/name``) unless it is already there; returns its path."""
    group, name = case.split("/", 1)
    path = folder / group / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(CORPUS[group][name]())
        partial.replace(path)
    return path


def write_corpus(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    return [write_case(folder, case) for case in case_names()]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    written = write_corpus(target)
    total = sum(path.stat().st_size for path in written)
    print(f"{len(written)} files, {total:,} bytes, in {target}")
