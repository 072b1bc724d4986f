"""Every file of the bad-input corpus through a real import job, as import_network runs one.

Each one ends in a clear outcome (done, with its unreadable rows counted, or
failed with a reason for the user), raises nothing, writes nothing but its own
job's rows, and stays within bounds of time and memory.
"""

from __future__ import annotations

import resource
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from django.conf import settings
from django.core.files import File

from contacts.models import Contact
from imports import pipeline
from imports.jobs import create_job
from imports.models import ROW_ERRORS_KEPT_PER_JOB, ImportJob, ImportRowError
from scripts.make_bad_corpus import case_names, corpus_folder, write_case
from tests.factories import make_contact, make_note, make_tag
from tests.trust.expected_outcomes import EXPECTED
from tests.trust.snapshots import rows_of

SECONDS_PER_FILE = 20
PYTHON_HEAP_PEAK_BYTES = 96 * 1024 * 1024
RSS_GROWTH_BYTES = 256 * 1024 * 1024
ADDRESS_SPACE_ROOM_BYTES = 4 * 1024 * 1024 * 1024


@pytest.fixture(scope="session")
def corpus() -> Path:
    return corpus_folder(Path(settings.VAR_DIR) / "bad")


@dataclass
class World:
    """Bob's network, and a contact alice had before the import that no file names."""

    alice_contact: dict
    bob_before: dict


@pytest.fixture
def world(alice, bob) -> World:
    bob_contact = make_contact(
        bob, first_name="Bobmarker", profile_url="https://www.linkedin.com/in/corpus-person-0",
        email="zoe0@example.org", is_connection=True,
    )  # fmt: skip
    make_note(bob_contact, "bob's note")
    bob_contact.tags.add(make_tag(bob, "bob-tag"))
    mine = make_contact(alice, first_name="Alicemarker", email="pre@example.org", is_follower=True)
    return World(alice_contact=_values(mine), bob_before=rows_of(bob))


def _values(contact: Contact) -> dict:
    return Contact.objects.filter(pk=contact.pk).values().get()


class PeakRss:
    """The largest resident set size of this process while the block runs, sampled."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return self.peak - self.start


@pytest.fixture
def bounded_memory() -> Iterator[None]:
    """Traces Python allocations, and caps the address space so a regression fails, not OOMs.

    Without the cap, a file that makes a reader allocate without bound (as deep JSON
    once did, 22 GB) gets the whole test run killed by the kernel.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = psutil.Process().memory_info().vms + ADDRESS_SPACE_ROOM_BYTES
    resource.setrlimit(
        resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
    )
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run_job(alice, path: Path) -> ImportJob:
    with path.open("rb") as stream:
        job = create_job(alice, File(stream, name=path.name))
    pipeline.run_import(job.pk)  # an unexpected error is re-raised here, failing the test
    job.refresh_from_db()
    return job


def assert_clear_outcome(job: ImportJob) -> None:
    assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED)
    assert job.finished_at is not None
    if job.status == ImportJob.Status.FAILED:
        assert job.reason.strip(), "a failed job says why"
        assert "unexpected error" not in job.reason
    else:
        assert job.created + job.updated + job.unchanged > 0
    kept = ImportRowError.objects.filter(job=job).count()
    assert kept == min(job.failed, ROW_ERRORS_KEPT_PER_JOB)


@pytest.mark.parametrize("case", case_names())
def test_a_bad_file_ends_clearly_and_touches_nothing_else(
    case: str, corpus: Path, alice, bob, world: World, bounded_memory: None
) -> None:
    path = write_case(corpus, case)
    alice_before = set(Contact.objects.for_owner(alice).values_list("pk", flat=True))
    tracemalloc.reset_peak()
    started = time.monotonic()
    with PeakRss() as rss:
        job = run_job(alice, path)
    elapsed = time.monotonic() - started
    _, heap_peak = tracemalloc.get_traced_memory()

    assert_clear_outcome(job)
    status, reason = EXPECTED[case]
    assert job.status == status, job.reason
    assert reason in job.reason

    assert rows_of(bob) == world.bob_before
    assert (
        Contact.objects.filter(pk=world.alice_contact["id"]).values().get() == world.alice_contact
    )
    new_contacts = Contact.objects.for_owner(alice).exclude(pk__in=alice_before)
    assert new_contacts.count() == job.created
    assert set(ImportRowError.objects.values_list("job", flat=True)) <= {job.pk}

    assert elapsed < SECONDS_PER_FILE
    assert heap_peak < PYTHON_HEAP_PEAK_BYTES
    assert rss.growth < RSS_GROWTH_BYTES


def test_the_corpus_is_at_least_sixty_files_across_every_group() -> None:
    names = case_names()
    assert len(names) >= 60
    groups = {name.split("/")[0] for name in names}
    assert groups == {"encoding", "structure", "content", "json", "zip", "other"}
    assert set(EXPECTED) == set(names)
