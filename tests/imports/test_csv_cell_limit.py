"""A CSV cell larger than the reader takes: the job names its line and keeps the rows stored."""

import pytest
from django.core.files.base import ContentFile

from contacts.models import Contact
from imports.jobs import create_job
from imports.pipeline import run_import

PEOPLE = "Name,Email\n" + "".join(f"Person {n},p{n}@example.org\n" for n in range(50))
CELL_BYTES = 5 * 1024 * 1024  # FIELD_LIMIT is 4 MB


@pytest.mark.parametrize(
    "big_cell",
    [
        pytest.param("y" * CELL_BYTES, id="on-one-line"),
        pytest.param('"' + ("y" * 999 + "\n") * (CELL_BYTES // 1000) + '"', id="over-many-lines"),
    ],
)
def test_a_cell_too_large_fails_the_job_naming_its_line_and_keeps_the_rows_stored(
    alice, settings, big_cell
):
    settings.IMPORT_BATCH_SIZE = 10
    data = PEOPLE + big_cell + ",big@example.org\nAfter Wards,after@example.org\n"
    job = create_job(alice, ContentFile(data.encode(), name="people.csv"), declared_kind="contacts")
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == job.Status.FAILED
    assert job.reason == (
        "Line 52 has a cell larger than 4 MB, more than an import reads; "
        "the rest of the file is not readable."
    )
    assert Contact.objects.for_owner(alice).count() == 50
    assert not Contact.objects.for_owner(alice).filter(email="after@example.org").exists()
