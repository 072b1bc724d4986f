"""A job's row errors as a CSV file the user can download and fix."""

from __future__ import annotations

import csv
from typing import TextIO

from imports.models import ImportJob

# "where": "Line 7", or "Item 3" of a JSON array, whose rows are not lines.
ROW_ERROR_COLUMNS = ["section", "where", "reason", "raw row"]


def _safe_cell(value: str) -> str:
    # A cell starting with = + - @ would be run as a formula by a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_row_errors_csv(job: ImportJob, stream: TextIO) -> int:
    """Write the job's kept row errors to ``stream``; returns how many rows were written."""
    writer = csv.writer(stream)
    writer.writerow(ROW_ERROR_COLUMNS)
    written = 0
    for error in job.row_errors.order_by("id").iterator(chunk_size=500):
        writer.writerow(
            [
                _safe_cell(error.section),
                error.where,
                _safe_cell(error.reason),
                _safe_cell(error.raw),
            ]
        )
        written += 1
    return written
