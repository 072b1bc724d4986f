"""import_network PATH --user NAME [--as KIND] [--tag T]... [--partial] [--queue]"""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from imports import pipeline
from imports.jobs import create_job, enqueue
from imports.models import DeclaredKind, ImportJob
from imports.previews import MappingRefused, chosen_mapping, needs_mapping
from imports.readers import UnsupportedFile, preview


class Command(BaseCommand):
    # A data command, run by hand and by cron: the system checks (0.8 s, an eighth of a
    # 100,000-row import on SQLite) are for `manage.py check` and the server's start.
    requires_system_checks: list[str] = []
    help = (
        "Import a network export (LinkedIn archive or CSV, follower lists, contacts) for a user, "
        "to its end, and print a one-line JSON summary last. Exits 1 when the import failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="the username whose network it is")
        parser.add_argument(
            "--as",
            dest="declared_kind",
            choices=DeclaredKind.values,
            default="",
            help="what the people in the file are, when the file does not say it",
        )
        parser.add_argument("--tag", action="append", default=[], help="a tag for every row")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="the Connections list is not complete: mark nobody as disconnected",
        )
        parser.add_argument(
            "--mapping",
            type=_json_object,
            default=None,
            help='for a CSV or JSON of unknown columns, which holds what: \'{"Person": '
            '"full_name"}\' (default: the mapping last confirmed for its columns, else the '
            "columns' usual names)",
        )
        parser.add_argument(
            "--queue", action="store_true", help="run it on a Celery worker and wait for it"
        )
        parser.add_argument(
            "--timeout", type=float, default=3 * 3600, help="seconds to wait with --queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        owner = get_user_model().objects.filter(username=options["user"]).first()
        if owner is None:
            raise CommandError(f"there is no user named {options['user']!r}")
        mapping = self._mapping(owner, path, options["mapping"])
        with path.open("rb") as stream:
            job = create_job(
                owner,
                File(stream, name=path.name),
                declared_kind=options["declared_kind"],
                tags=options["tag"],
                snapshot=not options["partial"],
                mapping=mapping,
            )
        if options["queue"]:
            enqueue(job)
            job = self._wait_for(job, options["timeout"])
        else:
            try:
                pipeline.run_import(job.pk)
            except Exception as error:
                self.stderr.write(f"import job {job.pk} failed: {error!r}")
            job.refresh_from_db()
        if job.reason:
            self.stderr.write(job.reason)
        self.stdout.write(json.dumps(summary_line(job)))
        if job.status != ImportJob.Status.SUCCEEDED:
            raise SystemExit(1)

    def _mapping(self, owner: Any, path: Path, given: Any) -> dict[str, str] | None:
        """The column mapping of a file whose columns are not known, as on the web's preview."""
        try:
            file_preview = preview(path)
        except UnsupportedFile:
            return None  # the job says why
        if not needs_mapping(file_preview):
            return None
        try:
            return chosen_mapping(owner, file_preview, given)
        except MappingRefused as refused:
            raise CommandError(str(refused)) from None

    def _wait_for(self, job: ImportJob, timeout: float) -> ImportJob:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                return job
            time.sleep(0.5)
        self.stderr.write(f"import job {job.pk} did not finish in {timeout:.0f} s; it goes on")
        return job


def _json_object(text: str) -> dict[str, str]:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ArgumentTypeError('a JSON object of column name -> field name: {"Org": "company"}')
    return value


def summary_line(job: ImportJob) -> dict[str, Any]:
    """The JSON summary printed last: the job, its outcome, its counters."""
    return {
        "job": job.pk,
        "status": job.status,
        "file": job.original_name,
        **job.counts(),
        "rows": job.rows_done,
        # The job's own time, from its start to its end: without the process's start.
        "seconds": (
            round((job.finished_at - job.started_at).total_seconds(), 2)
            if job.started_at and job.finished_at
            else None
        ),
        "reason": job.reason,
        "warnings": job.warnings,
    }
