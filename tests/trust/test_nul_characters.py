"""NUL characters: JSON and percent-encoding can carry them, and PostgreSQL cannot store them."""

from __future__ import annotations

import json

from django.core.files.base import ContentFile

from contacts.identity import normalise_email, profile_slug
from imports import pipeline
from imports.jobs import create_job
from imports.models import ImportJob

PADDING = "".join(
    json.dumps({"first_name": f"Pad{n}", "last_name": "Ding"}) + "\n" for n in range(100)
)


def import_bytes(owner, data: bytes, name: str) -> ImportJob:
    job = create_job(owner, ContentFile(data, name=name))
    pipeline.run_import(job.pk)
    job.refresh_from_db()
    return job


def test_a_percent_encoded_nul_or_control_character_is_no_slug():
    assert profile_slug("https://www.linkedin.com/in/ada%00lovelace") == ""
    assert profile_slug("https://www.linkedin.com/in/ada%07lovelace") == ""
    assert profile_slug("https://www.linkedin.com/in/ada%C3%A9") == "adaé"


def test_an_address_with_a_control_character_is_no_email():
    assert normalise_email("ada\x00@example.org") == ""


def test_nul_characters_in_json_values_are_dropped_on_import(alice):
    people = [
        {
            "first_name": "A\u0000da",
            "last_name": "Love\u0000lace",
            "company": "\u0000Engines",
            "profile_url": "https://www.linkedin.com/in/ada-\u0000nul",
            "email": "ada\u0000@example.org",
        }
    ]
    job = import_bytes(alice, json.dumps(people).encode(), "people.json")
    assert job.status == ImportJob.Status.SUCCEEDED, job.reason
    contact = alice.contacts.get()
    assert (contact.first_name, contact.last_name, contact.company) == (
        "Ada",
        "Lovelace",
        "Engines",
    )
    assert (contact.slug, contact.email) == ("", "")


def test_an_ndjson_line_holding_a_nul_byte_is_kept_as_a_row_error(alice):
    data = (PADDING + '{"first_name": "Nul\x00Byte", broken\n').encode()
    job = import_bytes(alice, data, "people.ndjson")
    assert job.status == ImportJob.Status.SUCCEEDED, job.reason
    error = job.row_errors.get()
    assert "\x00" not in error.raw
    assert "NulByte" in error.raw


def test_an_upload_whose_name_holds_a_nul_is_stored(alice):
    job = create_job(alice, ContentFile(b"x", name="net\x00work.csv"))
    assert job.original_name == "network.csv"
