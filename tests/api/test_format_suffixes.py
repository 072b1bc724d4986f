"""The router's format-suffix routes (``.json``) reach every action, not only list and detail."""

from django.core.files.base import ContentFile

from imports.jobs import create_job
from tests.factories import make_contact, make_saved_filter, make_tag


def test_every_action_answers_under_its_json_suffix(alice_api, alice):
    contact = make_contact(alice, first_name="Ada")
    tag = make_tag(alice, "investor")
    saved = make_saved_filter(alice, "all", "")
    job = create_job(alice, ContentFile(b"First Name\n", name="x.csv"))
    body = {"contacts": [contact.pk]}
    assert alice_api.get("/api/v1/contacts/export.json?as=json").status_code == 200
    assert alice_api.post(f"/api/v1/tags/{tag.pk}/apply.json", body).status_code == 200
    assert alice_api.post(f"/api/v1/tags/{tag.pk}/remove.json", body).status_code == 200
    assert alice_api.get(f"/api/v1/saved-lists/{saved.pk}/contacts.json").status_code == 200
    assert alice_api.get(f"/api/v1/imports/{job.pk}/errors.json").status_code == 200
