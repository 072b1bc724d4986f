"""Staff who are not superusers see and change only their own rows in the admin, imports too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from contacts.models import BulkJob, Contact
from imports.models import ImportJob, ImportSource
from tests.factories import make_user
from tests.trust.snapshots import changed_models, rows_of
from tests.trust.test_isolation_routes import world_of

MARKER = "bobmarker"
OWNED_ADMIN_PAGES = [
    "/admin/contacts/contact/", "/admin/contacts/tag/", "/admin/contacts/note/",
    "/admin/contacts/savedfilter/", "/admin/imports/importjob/", "/admin/imports/importsource/",
    "/admin/accounts/apitoken/",
]  # fmt: skip


@pytest.fixture
def staff_client(client, alice):
    alice.is_staff = True
    alice.save()
    apps = ("contacts", "imports", "accounts")
    alice.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    client.force_login(alice)
    return client


@pytest.fixture
def worlds(alice, bob) -> tuple[dict, dict]:
    return world_of(alice, "alicemarker"), world_of(bob, MARKER)


def test_staff_lists_show_only_their_own_rows(staff_client, worlds):
    for page in OWNED_ADMIN_PAGES:
        content = staff_client.get(page).content.decode()
        assert MARKER not in content, page
        assert staff_client.get(page, {"q": "obmarke"}).status_code == 200


def test_staff_cannot_open_or_change_bobs_job_or_source(staff_client, bob, worlds):
    _, bobs = worlds
    before = rows_of(bob)
    for model, pk in (("importjob", bobs["job"]), ("importsource", bobs["source"])):
        for action in ("change", "delete", "history"):
            url = f"/admin/imports/{model}/{pk}/{action}/"
            response = staff_client.get(url, follow=True)
            assert MARKER not in response.content.decode(), url
            staff_client.post(url, {"post": "yes", "name": "taken", "enabled": "on"})
    assert changed_models(before, rows_of(bob)) == []
    assert ImportSource.objects.get(pk=bobs["source"]).name == MARKER


def test_staff_actions_skip_bobs_rows_named_in_the_selection(staff_client, bob, worlds):
    alices, bobs = worlds
    before = rows_of(bob)
    for model, key in (("importjob", "job"), ("importsource", "source")):
        staff_client.post(
            f"/admin/imports/{model}/",
            {"action": "delete_selected", "_selected_action": [alices[key], bobs[key]],
             "post": "yes"},
        )  # fmt: skip
    assert changed_models(before, rows_of(bob)) == []
    assert not ImportJob.objects.filter(pk=alices["job"]).exists()


def test_a_staff_source_form_offers_only_their_own_tags(staff_client, worlds):
    form = staff_client.get("/admin/imports/importsource/add/").content.decode()
    assert "alicemarker-tag" in form
    assert f"{MARKER}-tag" not in form


def test_the_view_on_site_link_tells_staff_nothing_of_another_users_rows(staff_client, bob, worlds):
    # Django's own redirected for any row that exists and said 404 only for a missing id.
    alices, bobs = worlds
    contacts = ContentType.objects.get_for_model(Contact).pk
    mine = staff_client.get(f"/admin/r/{contacts}/{alices['contact']}/")
    assert mine.status_code == 302
    assert mine["Location"].endswith(f"/contacts/{alices['contact']}/")
    bulk_job = BulkJob.objects.create(owner=bob, action=BulkJob.Action.DELETE)
    for url in (
        f"/admin/r/{contacts}/{bobs['contact']}/",
        f"/admin/r/{contacts}/{int(bobs['contact']) + 1000}/",
        f"/admin/r/{ContentType.objects.get_for_model(BulkJob).pk}/{bulk_job.pk}/",
        f"/admin/r/{contacts}/not-an-id/",
    ):
        assert staff_client.get(url).status_code == 404, url


def test_a_superusers_view_on_site_link_still_opens_anyones_contact(client, worlds):
    _, bobs = worlds
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    contacts = ContentType.objects.get_for_model(Contact).pk
    response = client.get(f"/admin/r/{contacts}/{bobs['contact']}/")
    assert response["Location"].endswith(f"/contacts/{bobs['contact']}/")
