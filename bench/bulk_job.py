"""``make bench-bulk``: a bulk tag as one statement and as the background job, side by side.

A new user gets ``BENCH_BULK_CONTACTS`` followers (200,000 unless set). The
same "all matching" tag is applied twice: once by one ``add_tag_to_contacts``
statement (what the request does up to 10,000 contacts), once by the bulk job
(``contacts.bulk_jobs``) walking them in chunks, each committed with its
checkpoint. Prints both times and their ratio. The user and their contacts are
deleted at the end.

    DATABASE_URL=postgres://... make bench-bulk
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from contacts import bulk_jobs
from contacts.bulk import delete_contacts
from contacts.models import BulkJob, Contact, Tag
from contacts.tagging import add_tag_to_contacts

CONTACTS = int(os.environ.get("BENCH_BULK_CONTACTS", 200_000))


def main() -> None:
    call_command("migrate", verbosity=0)
    owner = get_user_model().objects.create_user(f"bench-bulk-{uuid.uuid4().hex[:8]}")
    try:
        Contact.objects.bulk_create(
            (
                Contact(
                    owner=owner, first_name=f"F{n}", last_name="L", slug=f"m-{n}", is_follower=True
                )
                for n in range(CONTACTS)
            ),
            batch_size=10_000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE contacts_contact")
        print(f"bench-bulk, {time.strftime('%Y-%m-%d %H:%M')}, {connection.vendor}, "
              f"{CONTACTS:,} followers")  # fmt: skip
        one = Tag.objects.create(owner=owner, name="one statement")
        started = time.perf_counter()
        add_tag_to_contacts(one, Contact.objects.for_owner(owner).filter(is_follower=True))
        statement = time.perf_counter() - started

        chunked = Tag.objects.create(owner=owner, name="background job")
        # Stored, not sent: this process runs it, as a worker would.
        job = BulkJob.objects.create(
            owner=owner, action=BulkJob.Action.ADD_TAG, query="kind=follower", tag=chunked
        )
        started = time.perf_counter()
        bulk_jobs.run_bulk_job(job.pk)
        in_job = time.perf_counter() - started
        job.refresh_from_db()
        print(f"one statement: {statement:.2f} s; the job, {bulk_jobs.CHUNK:,} a chunk: "
              f"{in_job:.2f} s ({job.changed:,} tagged, {job.status}); "
              f"ratio {in_job / statement:.2f}x")  # fmt: skip
    finally:
        delete_contacts(Contact.objects.for_owner(owner))
        owner.delete()


if __name__ == "__main__":
    main()
