"""On PostgreSQL the CSV export is written by COPY: its cells are the Python writer's, exactly."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection

from contacts.export_copy import copy_csv
from contacts.exports import write_csv_rows
from contacts.models import Contact, Note
from imports.readers.own_export import COLUMNS
from tests.factories import make_contact, make_note, make_tag

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


def rows_written_by_copy(contacts) -> list[list[str]]:
    out = io.StringIO()
    count = copy_csv(contacts, COLUMNS, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert count == len(rows)
    return rows


def rows_written_in_python(contacts) -> list[list[str]]:
    out = io.StringIO()
    write_csv_rows(contacts, csv.writer(out))
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_copy_writes_the_same_cells_as_the_python_writer(alice, bob):
    ada = make_contact(
        alice, first_name="=Ada", last_name="''+Lovelace", display_name='Ada "the first"',
        headline="line one\nline two, with a comma", company="-Engines", position="\tTab",
        location="Zoë's, London", email="ada@example.org", is_connection=True,
        connected_on=date(2020, 3, 7), is_follower=True, followed_me_on=date(2021, 1, 2),
        invitation="sent", invitation_at=datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
        last_interaction_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), message_count=12,
        profile_url="https://www.linkedin.com/in/ada-l",
    )  # fmt: skip
    for name, colour in (("zeta", "#0ea5e9"), ("Émile", "#dc2626"), ("@home", "#64748b"),
                         ("alpha", "#22c55e"), ('say "hi"', "#000000")):  # fmt: skip
        ada.tags.add(make_tag(alice, name, colour=colour))
    make_note(ada, "first\nnote")
    make_note(ada, '=HYPERLINK("http://evil.example")')
    written_at = datetime(2021, 6, 1, 9, 30, tzinfo=UTC)
    Note.objects.bulk_create([
        Note(contact=ada, body='tab\tand "quotes"', created_at=written_at),
        Note(contact=ada, body="Zoë, 5 µs later", created_at=written_at.replace(microsecond=5)),
    ])  # fmt: skip
    make_contact(alice, first_name="", last_name="", display_name="Nobody Else", email="n@e.org")
    make_contact(alice, first_name="Ada", last_name="=Lovelace", email="namesake@example.org")
    make_contact(alice, first_name="Émile", last_name="Zola")
    make_contact(alice, first_name="émile", last_name="zola")
    make_contact(bob, first_name="Bob's contact")

    contacts = Contact.objects.for_owner(alice)
    assert rows_written_by_copy(contacts) == rows_written_in_python(contacts)
    assert len(rows_written_by_copy(contacts)) == 5


def test_copy_writes_only_the_chosen_contacts(alice):
    kept = make_contact(alice, first_name="Kept")
    make_contact(alice, first_name="Left out")
    rows = rows_written_by_copy(Contact.objects.for_owner(alice).filter(pk=kept.pk))
    assert [row[0] for row in rows] == ["Kept"]
