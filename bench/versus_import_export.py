"""The import job against django-import-export, importing the same follower CSV.

django-import-export imports into ``bench.baseline.BareContact`` (the same
columns and the same per-owner key), loaded and matched row by row as its
documentation sets it up; the import job runs as ``import_network`` does.
It is run on a slice because row-by-row import of a million rows would take
hours; both sides import the very same slice, fresh, in the same run.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/versus_import_export.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

import tablib
from django.core.management import call_command
from django.db import connection

from bench.baseline.models import BareContact
from bench.baseline.resources import FollowerResource
from bench.import_speed import write_followers
from bench.measure import timed
from bench.network import owner_named
from contacts.bulk import delete_contacts
from contacts.models import Contact


@dataclass(frozen=True)
class Versus:
    rows: int
    ours_seconds: float
    theirs_seconds: float

    @property
    def ratio(self) -> float:
        return self.theirs_seconds / self.ours_seconds


def compare(rows: int) -> Versus:
    """Seconds for each side to import the same ``rows``-row follower CSV into an empty network."""
    _create_bare_table()
    ours, theirs = owner_named("ie-ours"), owner_named("ie-theirs")
    delete_contacts(Contact.objects.for_owner(ours))
    BareContact.objects.filter(owner_id=theirs.pk).delete()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "followers.csv"
        write_followers(path, rows)
        [ours_seconds] = timed(
            lambda: call_command(
                "import_network", str(path), user=ours.username, declared_kind="followers",
                stdout=io.StringIO(),
            ),
            runs=1, warmups=0,
        )  # fmt: skip
        resource = FollowerResource(owner_id=theirs.pk)

        def import_with_django_import_export() -> None:
            dataset = tablib.Dataset().load(path.read_text(), format="csv")
            result = resource.import_data(dataset, dry_run=False, raise_errors=True)
            assert result.totals["new"] == rows, result.totals

        [theirs_seconds] = timed(import_with_django_import_export, runs=1, warmups=0)
    assert Contact.objects.for_owner(ours).count() == rows
    return Versus(rows=rows, ours_seconds=ours_seconds, theirs_seconds=theirs_seconds)


def _create_bare_table() -> None:
    if BareContact._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(BareContact)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    result = compare(parser.parse_args().rows)
    print(f"import job vs django-import-export, {result.rows:,} rows (same file, same run)")
    print(f"  import job:            {result.ours_seconds:8.2f} s  "
          f"{result.rows / result.ours_seconds:>10,.0f} rows/s")  # fmt: skip
    print(f"  django-import-export:  {result.theirs_seconds:8.2f} s  "
          f"{result.rows / result.theirs_seconds:>10,.0f} rows/s")  # fmt: skip
    print(f"  ratio: {result.ratio:.0f}x (target >= 100x)")


if __name__ == "__main__":
    main()
