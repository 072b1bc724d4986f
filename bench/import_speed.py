"""make bench-import: how fast the import pipeline is, next to PostgreSQL's own COPY.

On PostgreSQL (DATABASE_URL): a generated follower CSV is imported end to end
through an import job (``manage.py import_network``, the job code a worker
runs) and compared with a binary COPY of the same rows into a bare table with
the contact table's columns, in the same run; then the unchanged file is
imported again. The job's peak memory (RSS) is measured at 30k rows and at
the full size. On SQLite (a throw-away file), 100k rows. Every figure is printed.

    python bench/import_speed.py [--rows 1000000] [--sqlite-rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("DEBUG", "true")


def write_followers(path: Path, count: int) -> None:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["profileUrl", "firstName", "lastName", "headline", "company", "location"])
        for n in range(count):
            writer.writerow(
                [f"https://www.linkedin.com/in/member-{n:07d}/", f"First{n}", f"Last{n}",
                 f"Engineer at Company {n % 997}", f"Company {n % 997}", "Berlin, Germany"]
            )  # fmt: skip


def manage(env: dict[str, str], *args: str) -> tuple[dict, float, float]:
    """Run a manage.py command; returns its JSON last line, seconds, and peak RSS in MB."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=REPO, env=env,
            stdout=subprocess.PIPE, stderr=errors, text=True,
        )  # fmt: skip
        watched, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            try:
                peak = max(peak, watched.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)
        process.wait()
        seconds = time.perf_counter() - started
        lines = process.stdout.read().strip().splitlines()
        if process.returncode != 0 and args[0] == "import_network":
            errors.seek(0)
            said = lines[-1:] or errors.read().strip().splitlines()[-1:] or [process.returncode]
            raise SystemExit(f"import failed: {said[0]}")
    return (json.loads(lines[-1]) if args[0] == "import_network" else {}), seconds, peak / 2**20


def create_user(env: dict[str, str]) -> str:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    code = f"from django.contrib.auth.models import User; User.objects.create_user({name!r})"
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=REPO, env=env,
                   check=True, capture_output=True)  # fmt: skip
    return name


def remove_user(env: dict[str, str], name: str) -> None:
    """Delete a user ``create_user`` made, with its contacts, so later runs start alike."""
    code = (
        "from django.contrib.auth.models import User; from contacts.bulk import delete_contacts; "
        "from contacts.models import Contact; "
        f"delete_contacts(Contact.objects.filter(owner__username={name!r})); "
        f"User.objects.filter(username={name!r}).delete()"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=REPO, env=env,
                   check=True, capture_output=True)  # fmt: skip


def copy_baseline(path: Path) -> float:
    """Seconds to read the CSV and binary-COPY its rows into a bare table of the same columns."""
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_contacts")
        cursor.execute(
            "CREATE TABLE bench_bare_contacts AS SELECT * FROM contacts_contact WITH NO DATA"
        )
        columns = ["owner_id", "slug", "profile_url", "first_name", "last_name", "headline",
                   "company", "location", "is_follower"]  # fmt: skip
        started = time.perf_counter()
        with (
            path.open(newline="") as stream,
            cursor.cursor.copy(
                f"COPY bench_bare_contacts ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            ) as copy,
        ):
            copy.set_types(["integer", "text", "text", "text", "text", "text", "text", "text",
                            "boolean"])  # fmt: skip
            rows = csv.reader(stream)
            next(rows)
            for url, first, last, headline, company, location in rows:
                slug = url.rstrip("/").rsplit("/", 1)[-1]
                copy.write_row([1, slug, url, first, last, headline, company, location, True])
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_bare_contacts")
    return seconds


def index_floor(username: str) -> tuple[float, int]:
    """Seconds to INSERT ... SELECT the user's contacts into a copy of contacts_contact.

    The copy has the same columns, generated column, indexes and owner foreign key:
    what PostgreSQL itself needs to write these rows, whatever the import does.
    Returns the seconds and the number of indexes.
    """
    import django

    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM auth_user WHERE username = %s", [username])
        owner_id = cursor.fetchone()[0]
        cursor.execute("DROP TABLE IF EXISTS bench_indexed_contacts")
        cursor.execute("CREATE TABLE bench_indexed_contacts (LIKE contacts_contact INCLUDING ALL)")
        cursor.execute(
            "ALTER TABLE bench_indexed_contacts ADD FOREIGN KEY (owner_id) REFERENCES auth_user (id) "
            "DEFERRABLE INITIALLY DEFERRED"
        )
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'bench_indexed_contacts'")
        indexes = cursor.fetchone()[0]
        cursor.execute(
            "SELECT string_agg(column_name, ', ') FROM information_schema.columns "
            "WHERE table_name = 'contacts_contact' AND is_generated = 'NEVER' AND column_name <> 'id'"
        )
        columns = cursor.fetchone()[0]
        started = time.perf_counter()
        with transaction.atomic():
            cursor.execute(
                f"INSERT INTO bench_indexed_contacts ({columns}) "
                f"SELECT {columns} FROM contacts_contact WHERE owner_id = %s",
                [owner_id],
            )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_indexed_contacts")
    return seconds, indexes


def bench_postgresql(rows: int, workdir: Path) -> None:
    env = dict(os.environ)
    full, small = workdir / f"followers-{rows}.csv", workdir / "followers-30000.csv"
    write_followers(full, rows)
    write_followers(small, 30_000)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)

    copy_seconds = copy_baseline(full)
    print(f"COPY (binary) of {rows} rows into a bare table: {copy_seconds:.1f} s, "
          f"{rows / copy_seconds:,.0f} rows/s")  # fmt: skip

    user, small_user = create_user(env), create_user(env)
    try:
        measure_postgresql(env, rows, full, small, copy_seconds, user, small_user)
    finally:
        for name in (user, small_user):
            remove_user(env, name)


def measure_postgresql(
    env: dict[str, str],
    rows: int,
    full: Path,
    small: Path,
    copy_seconds: float,
    user: str,
    small_user: str,
) -> None:
    summary, seconds, peak_full = manage(env, "import_network", str(full), "--user", user,
                                         "--as", "followers")  # fmt: skip
    print(
        f"import job, {rows} new rows: {seconds:.1f} s, {rows / seconds:,.0f} rows/s, "
        f"created {summary['created']}; ratio to COPY {copy_seconds / seconds:.2f}x"
    )
    floor, indexes = index_floor(user)
    print(
        f"floor: INSERT ... SELECT of the same {rows} rows into a copy of contacts_contact "
        f"({indexes} indexes, generated column, owner foreign key): {floor:.1f} s, "
        f"{rows / floor:,.0f} rows/s; ratio to COPY {copy_seconds / floor:.2f}x; "
        f"the job runs at {floor / seconds:.2f}x of it"
    )
    summary, again, _ = manage(env, "import_network", str(full), "--user", user,
                               "--as", "followers")  # fmt: skip
    print(
        f"re-import, {rows} unchanged rows: {again:.1f} s, {rows / again:,.0f} rows/s, "
        f"unchanged {summary['unchanged']}; ratio to COPY {copy_seconds / again:.2f}x"
    )

    _, _, peak_small = manage(env, "import_network", str(small), "--user", small_user,
                              "--as", "followers")  # fmt: skip
    print(
        f"peak memory of the job process: {peak_small:.0f} MB at 30,000 rows, "
        f"{peak_full:.0f} MB at {rows:,} rows (growth {peak_full - peak_small:+.0f} MB)"
    )


def bench_sqlite(rows: int, workdir: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
    path = workdir / f"followers-sqlite-{rows}.csv"
    write_followers(path, rows)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    summary, seconds, _ = manage(env, "import_network", str(path), "--user", create_user(env),
                                 "--as", "followers")  # fmt: skip
    print(
        f"SQLite import job, {rows} new rows: {seconds:.1f} s, {rows / seconds:,.0f} rows/s, "
        f"created {summary['created']}; the job alone (without the process's start) "
        f"{summary['seconds']:.1f} s, {rows / summary['seconds']:,.0f} rows/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite-rows", type=int, default=100_000)
    options = parser.parse_args()
    print(f"bench-import, {time.strftime('%Y-%m-%d %H:%M')}, {psutil.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as workdir:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            bench_postgresql(options.rows, Path(workdir))
        else:
            print("PostgreSQL part skipped: set DATABASE_URL=postgres://... to run it")
        bench_sqlite(options.sqlite_rows, Path(workdir))


if __name__ == "__main__":
    main()
