"""Exports: no cell a spreadsheet would run, UTF-8 with a BOM, and export-then-import is exact."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.exports import write_csv
from contacts.models import Contact
from imports import pipeline
from imports.jobs import create_job
from imports.models import ImportJob
from imports.people import TEXT_FIELDS
from tests.factories import make_contact, make_note, make_tag, make_user

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COMPARED = (*(f for f in TEXT_FIELDS if f != "invitation"), "email", "slug", "is_connection")
_users = itertools.count(1)


def exported_csv(owner) -> str:
    out = io.StringIO()
    write_csv(Contact.objects.for_owner(owner), out)
    return out.getvalue()


def restored_into_new_account(data: str) -> object:
    owner = make_user(f"restore{next(_users)}")
    job = create_job(owner, ContentFile(data.encode(), name="backup.csv"))
    pipeline.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.reason
    return owner


def network_of(owner) -> list[tuple]:
    return sorted(
        (
            tuple(getattr(contact, name) for name in COMPARED),
            tuple(sorted(tag.name for tag in contact.tags.all())),
            tuple(sorted(note.body for note in contact.notes.all())),
        )
        for contact in Contact.objects.for_owner(owner).prefetch_related("tags", "notes")
    )


def test_no_cell_of_the_csv_starts_like_a_formula(alice):
    payload = '=HYPERLINK("http://evil.example","x")'
    fields = {name: f"{start}{payload}" for name, start in zip(
        TEXT_FIELDS[:9], itertools.cycle(FORMULA_STARTS), strict=False
    )}  # fmt: skip
    contact = make_contact(alice, email="ada@example.org", **fields)
    contact.tags.add(make_tag(alice, "=cmd|' /C calc'!A0"))
    make_note(contact, "@SUM(1+1)")
    rows = list(csv.reader(io.StringIO(exported_csv(alice).removeprefix("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert len(rows) == 2
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []


def test_the_web_export_is_utf8_with_a_bom(alice_client, alice, transactional_db):
    make_contact(alice, first_name="Zoë", last_name="=1+1")
    response = alice_client.get(reverse("contacts-export"), {"format": "csv", "scope": "all"})
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert "Zoë" in body.decode("utf-8-sig")
    assert "'=1+1" in body.decode("utf-8-sig")


def test_a_backup_restores_values_that_begin_with_formula_characters(alice):
    ada = make_contact(
        alice, first_name="=Ada", last_name="+Lovelace", company="-Engines", headline="@home",
        position="'=quoted already", email="ada@example.org", is_connection=True,
        connected_on=date(2020, 3, 7), profile_url="https://www.linkedin.com/in/ada-l",
    )  # fmt: skip
    ada.tags.add(make_tag(alice, "=investor"))
    make_note(ada, '=HYPERLINK("http://evil.example")')
    assert network_of(restored_into_new_account(exported_csv(alice))) == network_of(alice)


def test_a_backup_restores_a_contact_known_only_by_a_display_name(alice):
    make_contact(
        alice, first_name="", last_name="", display_name="Grace H.", email="grace@example.org"
    )
    restored = restored_into_new_account(exported_csv(alice))
    assert network_of(restored) == network_of(alice)


# A word that may open with what spreadsheets read as a formula, or with quotes; the
# import joins whitespace runs into one space, so generated text has single spaces.
_word = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
_risky = st.sampled_from(["=", "+", "-", "@", "'", "'=", '"', ""])
_value = st.builds(
    lambda start, words: start + " ".join(words), _risky, st.lists(_word, max_size=4)
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.lists(st.fixed_dictionaries({name: _value for name in TEXT_FIELDS[:9]}),
                       min_size=1, max_size=4))  # fmt: skip
@pytest.mark.django_db
def test_any_exported_network_is_restored_equal(values):
    owner = make_user(f"source{next(_users)}")
    for number, fields in enumerate(values):
        cleaned = {name: value.strip()[:100] for name, value in fields.items()}
        make_contact(owner, email=f"person{number}@example.org", **cleaned)
    assert network_of(restored_into_new_account(exported_csv(owner))) == network_of(owner)
