"""Staff who are not superusers see and change only their own rows in the admin, imports too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from imports.models import ImportJob, ImportSource
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
