"""JSON arrays, wrapped arrays, the LinkedIn DMA API shape and NDJSON, streamed item by item."""

import io
import json
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.exports import write_json
from contacts.models import Contact
from imports import pipeline
from imports.models import ImportJob
from imports.readers import preview
from imports.records import RowError, SectionKind, UnsupportedFile
from tests.factories import make_contact
from tests.imports.readers_support import read_one, write

FOLLOWERS = [
    {
        "profileUrl": "https://www.linkedin.com/in/ada-l",
        "fullName": "Ada Lovelace",
        "occupation": "Analyst",
        "tags": [],
    },
    {"profileUrl": "https://www.linkedin.com/in/alan-t", "fullName": "Alan Turing", "tags": ["ai"]},
]


def test_a_json_array_of_profiles_is_read_by_synonyms(tmp_path):
    section = read_one(write(tmp_path, json.dumps(FOLLOWERS), "f.json"), declared_kind="followers")
    assert section.kind == SectionKind.PROFILES
    assert section.names == ["Ada Lovelace", "Alan Turing"]
    assert [p.is_follower for p in section.people] == [True, True]
    assert section.people[1].tags == ["ai"]


@pytest.mark.parametrize("ndjson", [False, True])
def test_a_key_the_first_objects_leave_out_is_still_a_column(tmp_path, ndjson):
    people = [
        {"profileUrl": "https://www.linkedin.com/in/grace", "firstName": "Grace", "lastName": "H"},
        {"profileUrl": "https://www.linkedin.com/in/alan-t", "fullName": "Alan Turing"},
        {"profileUrl": "https://www.linkedin.com/in/linus", "fullName": "Linus Torvalds"},
    ]
    text = "\n".join(map(json.dumps, people)) if ndjson else json.dumps(people)
    path = write(tmp_path, text, "f.json")
    assert "fullName" in preview(path).columns
    section = read_one(path, declared_kind="followers")
    assert section.names == ["Grace H", "Alan Turing", "Linus Torvalds"]


def test_an_object_wrapping_the_array_is_unwrapped(tmp_path):
    data = json.dumps({"count": 2, "data": FOLLOWERS}, indent=2)
    assert read_one(write(tmp_path, data, "f.json")).names == ["Ada Lovelace", "Alan Turing"]


def test_the_linkedin_dma_api_connections_snapshot_is_a_connections_section(tmp_path):
    data = {
        "paging": {"start": 0},
        "elements": [
            {
                "snapshotDomain": "CONNECTIONS",
                "snapshotData": [
                    {"First Name": "Kofi", "Last Name": "Mensah", "URL": "https://www.linkedin.com/in/kofi",
                     "Email Address": "", "Company": "Adatum", "Position": "Designer",
                     "Connected On": "30 Jul 2025"},
                    {"First Name": "", "Last Name": "", "URL": "", "Connected On": "21 Feb 2026"},
                ],
            }
        ],
    }  # fmt: skip
    section = read_one(write(tmp_path, json.dumps(data), "snapshot.json"))
    assert (section.kind, section.is_snapshot) == (SectionKind.CONNECTIONS, True)
    (kofi,) = section.people
    assert (kofi.company, kofi.connected_on.isoformat(), kofi.is_connection) == (
        "Adatum",
        "2025-07-30",
        True,
    )
    assert len(section.skipped) == 1


def test_ndjson_is_read_line_by_line_and_a_broken_line_is_a_row_error(tmp_path):
    lines = [json.dumps(FOLLOWERS[0]), "{not json", "", json.dumps(FOLLOWERS[1])]
    section = read_one(write(tmp_path, "\n".join(lines), "f.ndjson"), declared_kind="following")
    assert section.names == ["Ada Lovelace", "Alan Turing"]
    assert [(e.line, e.raw) for e in section.errors] == [(2, "{not json")]


def test_a_user_confirmed_mapping_reads_any_json_shape(tmp_path):
    data = json.dumps(
        [{"who": "Grace Hopper", "where": "grace@example.org", "since": "2023-01-15"}]
    )
    mapping = {"who": "full_name", "where": "email", "since": "connected_on"}
    section = read_one(
        write(tmp_path, data, "x.json"), mapping=mapping, declared_kind="connections"
    )
    assert section.kind == SectionKind.CONTACTS
    (grace,) = section.people
    assert (grace.first_name, grace.last_name, grace.email) == (
        "Grace",
        "Hopper",
        "grace@example.org",
    )
    assert (grace.is_connection, grace.connected_on.isoformat()) == (True, "2023-01-15")


def test_items_that_are_not_objects_are_row_errors(tmp_path):
    data = json.dumps([FOLLOWERS[0], 42])
    section = read_one(write(tmp_path, data, "x.json"))
    assert isinstance(section.items[1], RowError)


def test_truncated_json_stops_with_a_reason(tmp_path):
    data = json.dumps(FOLLOWERS)[:-20]
    with pytest.raises(UnsupportedFile, match="after item 1"):
        read_one(write(tmp_path, data, "x.json"))


def test_the_preview_of_json_suggests_a_mapping_and_a_stable_signature(tmp_path):
    first = preview(write(tmp_path, json.dumps(FOLLOWERS), "a.json"))
    again = preview(write(tmp_path, json.dumps(FOLLOWERS[::-1]), "b.json"))
    assert first.columns == ["profileUrl", "fullName", "occupation", "tags"]
    assert first.suggested_mapping == {
        "profileUrl": "profile_url", "fullName": "full_name", "occupation": "headline",
        "tags": "tags",
    }  # fmt: skip
    assert first.rows[0][1] == "Ada Lovelace"
    assert first.signature != again.signature  # different keys, different shape
    assert first.signature == preview(write(tmp_path, json.dumps(FOLLOWERS), "c.json")).signature


def test_the_preview_names_a_json_file_this_app_exported(tmp_path, alice):
    make_contact(alice, first_name="Ada")
    backup = io.StringIO()
    write_json(Contact.objects.for_owner(alice), backup)
    assert preview(write(tmp_path, backup.getvalue(), "backup.json")).format == (
        "network-crm-export"
    )


@pytest.mark.parametrize("opener,closer", [("[", "]"), ('{"a":', "}")])
def test_json_nested_deeper_than_people_are_is_refused_in_bounded_memory(tmp_path, opener, closer):
    # ijson's prefixed parsing held memory growing with the square of the depth: this
    # file of 8,000 levels took some 160 MB, and 100,000 levels over 20 GB.
    depth = 8_000
    data = opener * depth + "1" + closer * depth
    tracemalloc.start()
    try:
        with pytest.raises(UnsupportedFile, match="nested more than 64 levels deep"):
            read_one(write(tmp_path, data, "deep.json"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_people_nested_a_few_levels_down_are_still_read(tmp_path):
    data = {"export": {"network": {"followers": {"data": FOLLOWERS}}}}
    section = read_one(write(tmp_path, json.dumps(data), "f.json"), declared_kind="followers")
    assert section.names == ["Ada Lovelace", "Alan Turing"]


def test_a_json_file_cut_short_fails_with_a_one_line_reason(tmp_path):
    people = [{"fullName": "Ann One"}, {"fullName": "Bob Two"}]
    path = write(tmp_path, json.dumps(people)[:-15], "people.json")
    with pytest.raises(UnsupportedFile) as refused:
        read_one(path)
    reason = str(refused.value)
    assert "\n" not in reason and "right here" not in reason
    assert reason.startswith("The JSON is broken or cut short after item 1")


@pytest.mark.parametrize(
    ("content", "what"),
    [("null", "null"), ("42", "a number"), (' "text"\n', "a string"), ("true", "true or false")],
)
def test_a_json_file_of_a_single_value_fails_its_job_saying_so_not_asking_for_columns(
    alice_client, alice, content, what
):
    # Read as CSV, the value was a column name and the page asked what "null" holds.
    upload = SimpleUploadedFile("people.json", content.encode())
    response = alice_client.post(reverse("imports-upload"), {"file": upload})
    job = ImportJob.objects.get(owner=alice)
    assert response["Location"] == reverse("imports-job-detail", args=[job.pk])
    pipeline.run_import(job.pk)
    page = alice_client.get(response["Location"]).content.decode()
    assert (
        f"The JSON is a single value ({what}), not a list of people (an array of objects)." in page
    )
    assert not Contact.objects.for_owner(alice).exists()
