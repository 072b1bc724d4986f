"""Small builders for the test world; each returns a saved row."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from contacts.models import Contact, Note, SavedFilter, Tag

_sequence = itertools.count(1)


def make_user(username: str, **fields: Any) -> AbstractBaseUser:
    return get_user_model().objects.create_user(
        username=username, password=f"{username}-password", **fields
    )


def make_contact(owner: AbstractBaseUser, **fields: Any) -> Contact:
    n = next(_sequence)
    fields.setdefault("first_name", f"Person{n}")
    fields.setdefault("last_name", "Example")
    return Contact.objects.create(owner=owner, **fields)


def make_tag(owner: AbstractBaseUser, name: str, **fields: Any) -> Tag:
    return Tag.objects.create(owner=owner, name=name, **fields)


def make_note(contact: Contact, body: str = "Met at a conference.") -> Note:
    return Note.objects.create(contact=contact, body=body)


def make_saved_filter(owner: AbstractBaseUser, name: str, query: str = "") -> SavedFilter:
    return SavedFilter.objects.create(owner=owner, name=name, query=query)
