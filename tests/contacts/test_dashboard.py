"""The dashboard: counts by kind, the cap meter, monthly gains, top lists, imports and changes."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from contacts.dashboard import (
    CapMeter,
    connections_gained_by_month,
    kind_counts,
    top_values,
)
from contacts.models import Contact
from imports.jobs import create_job
from imports.models import ImportJob
from imports.pipeline import run_import
from tests.contacts.dashboard_support import finished_job
from tests.factories import make_contact


def test_it_counts_each_kind_and_everyone(alice):
    make_contact(alice, is_connection=True, is_follower=True)
    make_contact(alice, is_connection=True)
    make_contact(alice, is_follower=True)
    make_contact(alice, is_following=True)
    make_contact(alice)
    counts = kind_counts(alice)
    assert (counts.connections, counts.followers, counts.following) == (2, 2, 1)
    assert (counts.contacts, counts.everyone) == (1, 5)


def test_it_never_counts_another_users_contacts(alice, bob):
    make_contact(alice, is_connection=True, company="Acme", position="CTO")
    make_contact(bob, is_connection=True, company="Globex", position="CEO")
    make_contact(bob, is_follower=True, company="Globex")
    assert kind_counts(alice).everyone == 1
    assert top_values(alice, "company") == [("Acme", 1)]
    assert top_values(alice, "position") == [("CTO", 1)]


def test_the_dashboard_page_shows_only_my_figures(alice_client, alice, bob):
    make_contact(alice, is_connection=True, company="Acme")
    for _ in range(3):
        make_contact(bob, is_connection=True, company="Globex")
    finished_job(bob, name="bobs-network.zip")
    page = alice_client.get(reverse("home")).content.decode()
    assert "Globex" not in page and "bobs-network.zip" not in page
    assert "1 of 30,000 connections (under 1%)" in page
    assert "Acme" in page


def test_the_cap_meter_warns_from_ninety_percent():
    assert not CapMeter(connections=26_999, cap=30_000).is_near
    assert CapMeter(connections=27_000, cap=30_000).is_near
    assert CapMeter(connections=31_000, cap=30_000).percent == 100
    assert CapMeter(connections=29_000, cap=30_000).room_left == 1_000


@pytest.mark.parametrize(
    "connections, share",
    [(0, "0%"), (1, "under 1%"), (299, "under 1%"), (300, "1%"), (690, "2.3%"), (2_999, "9.9%"),
     (3_000, "10%"), (29_999, "99%"), (30_000, "100%"), (31_000, "100%")],
)  # fmt: skip
def test_the_cap_meter_never_says_zero_percent_of_some_connections(connections, share):
    assert CapMeter(connections=connections, cap=30_000).share == share


def test_the_page_warns_when_close_to_the_cap(alice_client, alice, monkeypatch):
    monkeypatch.setattr("contacts.dashboard.LINKEDIN_CONNECTION_CAP", 10)
    for _ in range(9):
        make_contact(alice, is_connection=True)
    page = alice_client.get(reverse("home")).content.decode()
    assert "You are close to LinkedIn's limit of 10 connections: 1 left." in page


def test_the_page_says_the_cap_is_reached_at_the_cap_not_that_it_is_close(
    alice_client, alice, monkeypatch
):
    monkeypatch.setattr("contacts.dashboard.LINKEDIN_CONNECTION_CAP", 10)
    for _ in range(10):
        make_contact(alice, is_connection=True)
    page = alice_client.get(reverse("home")).content.decode()
    assert "10 of 10 connections (100%)" in page
    assert (
        "You have reached LinkedIn's limit of 10 connections: LinkedIn refuses new "
        "connections until you remove some; followers are unlimited."
    ) in page
    assert "close to LinkedIn's limit" not in page and "0 left" not in page
    assert "Make room: the prune queue" in page


def test_it_counts_connections_gained_per_month_with_empty_months_filled(alice):
    make_contact(alice, is_connection=True, connected_on=date(2026, 1, 5))
    make_contact(alice, is_connection=True, connected_on=date(2026, 1, 28))
    make_contact(alice, is_connection=False, connected_on=date(2026, 3, 2), disconnected_on=None)
    make_contact(alice, is_follower=True)
    gains = connections_gained_by_month(alice, today=date(2026, 4, 10))
    assert gains.months == [
        (date(2026, 1, 1), 2),
        (date(2026, 2, 1), 0),
        (date(2026, 3, 1), 1),
        (date(2026, 4, 1), 0),
    ]
    assert gains.earlier == 0 and gains.total == 3


def test_it_sums_connections_older_than_ten_years_into_one_figure(alice):
    make_contact(alice, is_connection=True, connected_on=date(2005, 6, 1))
    make_contact(alice, is_connection=True, connected_on=date(2026, 4, 1))
    gains = connections_gained_by_month(alice, today=date(2026, 4, 10))
    assert len(gains.months) == 120
    assert gains.months[0][0] == date(2016, 5, 1)
    assert gains.earlier == 1 and gains.total == 2


def test_the_chart_has_a_table_of_its_figures_for_pages_without_javascript(alice_client, alice):
    make_contact(alice, is_connection=True, connected_on=timezone.localdate().replace(day=1))
    page = alice_client.get(reverse("home")).content.decode()
    assert "/static/vendor/chartjs-4.6.1/chart.umd.min.js" in page
    assert 'id="connections-chart-data"' in page
    assert '<details class="chart-table" open>' in page
    assert f'<td>{timezone.localdate():%B %Y}</td><td class="num">1</td>' in page


def test_the_chart_table_writes_its_figures_with_thousands_separators(alice_client, alice):
    this_month = timezone.localdate().replace(day=1)
    long_ago = this_month.replace(year=this_month.year - 20)
    Contact.objects.bulk_create(
        Contact(owner=alice, first_name=f"Person{n}", is_connection=True, connected_on=day)
        for n, day in enumerate([this_month] * 1_000 + [long_ago] * 1_200)
    )
    page = alice_client.get(reverse("home")).content.decode()
    assert f'<td>{this_month:%B %Y}</td><td class="num">1,000</td>' in page
    # Ten years of months end with this one, so they start the month after ten years ago.
    oldest_shown = (this_month.replace(year=this_month.year - 10) + timedelta(days=31)).replace(
        day=1
    )
    assert f'<td>Before {oldest_shown:%B %Y}</td><td class="num">1,200</td>' in page


def test_it_lists_the_top_companies_and_positions_most_frequent_first(alice):
    for company in ["Acme", "Acme", "Acme", "Globex", "Globex", "Initech", ""]:
        make_contact(alice, company=company)
    assert top_values(alice, "company", limit=2) == [("Acme", 3), ("Globex", 2)]


def test_it_shows_recent_imports_with_their_results(alice_client, alice):
    finished_job(alice, name="Basic_LinkedInDataExport.zip", created=12, updated=3)
    page = alice_client.get(reverse("home")).content.decode()
    assert "Basic_LinkedInDataExport.zip" in page
    assert '<td data-label="New" class="num">12</td>' in page


def test_it_shows_what_changed_in_the_last_import(alice_client, alice):
    ada = make_contact(alice, display_name="Ada Lovelace", is_connection=True)
    grace = make_contact(alice, display_name="Grace Hopper")
    alan = make_contact(alice, display_name="Alan Turing", company="Bletchley")
    summary = {
        "new_connections": [{"id": ada.pk, "name": "Ada Lovelace", "slug": "ada"}],
        "new_connections_count": 1,
        "disconnected": [{"id": grace.pk, "name": "Grace Hopper", "slug": "grace"}],
        "disconnected_count": 31,
        "changed": [
            {"id": alan.pk, "name": "Alan Turing", "slug": "alan", "field": "company",
             "old": "GCHQ", "new": "Bletchley"},
        ],
        "changed_count": 1,
    }  # fmt: skip
    finished_job(alice, summary=summary)
    page = alice_client.get(reverse("home")).content.decode()
    assert "Ada Lovelace" in page and "Grace Hopper" in page
    assert "company: GCHQ → Bletchley" in page
    assert "and 30 more" in page


def test_the_changes_left_unlisted_are_counted_with_thousands_separators(alice_client, alice):
    ada = make_contact(alice, display_name="Ada Lovelace", is_connection=True)
    summary = {
        "new_connections": [{"id": ada.pk, "name": "Ada Lovelace", "slug": "ada"}],
        "new_connections_count": 40_000,
    }
    finished_job(alice, summary=summary)
    page = alice_client.get(reverse("home")).content.decode()
    assert "and 39,999 more" in page


def test_a_new_user_is_shown_how_to_get_their_linkedin_archive(alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert "Start with your LinkedIn archive" in page
    assert "<kbd>Get a copy of your data</kbd>" in page
    assert "<kbd>Download larger data archive</kbd>" in page
    assert f'href="{reverse("imports-upload")}"' in page


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def imported(owner, name: str, rows: str, **options) -> ImportJob:
    job = create_job(owner, ContentFile(rows.encode(), name=name), **options)
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.reason
    return job


CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_the_changes_shown_are_the_last_connections_imports_not_a_later_follower_lists(
    alice_client, alice
):
    ada = "Ada,Lovelace,https://www.linkedin.com/in/ada,,{company},Analyst,07 Dec 2024\n"
    imported(alice, "Connections.csv", CONNECTIONS_HEADER + ada.format(company="Acme"))
    changed = imported(
        alice, "Connections (1).csv", CONNECTIONS_HEADER + ada.format(company="Globex")
    )
    imported(
        alice, "followers.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/grace,Grace H\n",
        declared_kind="followers",
    )  # fmt: skip
    page = alice_client.get(reverse("home")).content.decode()
    report = page[page.index('id="changes-title"') :]
    assert (
        f'href="{reverse("imports-job-detail", args=[changed.pk])}">Connections (1).csv' in report
    )
    assert "company: Acme → Globex" in report


def test_an_owner_who_imported_only_followers_is_not_told_no_connections_changed(
    alice_client, alice
):
    imported(
        alice, "followers.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/grace,Grace H\n",
        declared_kind="followers",
    )  # fmt: skip
    page = alice_client.get(reverse("home")).content.decode()
    report = page[page.index('id="changes-title"') :]
    assert "No import has read your connections yet" in report
    assert "No new connections" not in report and "No longer connected" not in report
