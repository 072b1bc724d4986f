"""Any generic table, any column mapping: a job that ends clearly, or a form that says why."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from contacts.models import Contact
from imports import pipeline
from imports.forms import IGNORE
from imports.models import ImportJob
from imports.readers.columns import MAPPING_TARGETS
from tests.conftest import throttle_key_of_its_own
from tests.factories import make_contact

CELL = st.one_of(
    st.text(max_size=25),
    st.sampled_from(["", "2024-01-15", "07 Dec 2024", "31/31/31", "ada@example.org", "x@",
                     "https://www.linkedin.com/in/ada-l/", "https://example.org", "true", "no",
                     "=cmd()", "a,b;c", "\x00"]),
)  # fmt: skip
HEADERS = st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=5)
CHOICES = st.sampled_from([IGNORE, *MAPPING_TARGETS])


def table(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), headers=HEADERS)
def test_any_generic_table_and_mapping_ends_clearly(alice_client, alice, bob, data, headers):
    if not bob.contacts.exists():
        make_contact(bob, first_name="Bob")
    SimpleRateThrottle.cache_format = throttle_key_of_its_own()
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(headers), max_size=len(headers)),
                              max_size=5), label="rows")  # fmt: skip
    kind = data.draw(st.sampled_from(["", "followers", "following", "contacts", "connections"]))
    response = alice_client.post(
        reverse("imports-upload"),
        {"file": SimpleUploadedFile("people.csv", table(headers, rows)), "declared_kind": kind},
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302 and "/imports/mapping/" in response["Location"]:
        choices = {f"column_{i}": data.draw(CHOICES, label=f"column {i}") for i in range(5)}
        response = alice_client.post(response["Location"], choices)
        assert response.status_code in (302, 400), response.status_code  # 400: the form says why
    for job in ImportJob.objects.filter(owner=alice, status=ImportJob.Status.QUEUED):
        pipeline.run_import(job.pk)
        job.refresh_from_db()
        assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED)
        assert job.status == ImportJob.Status.SUCCEEDED or job.reason
    assert list(Contact.objects.for_owner(bob).values_list("first_name", flat=True)) == ["Bob"]
