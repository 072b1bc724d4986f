"""The aliases a merge left: imports, forms and the API consult them, so a merged-away
person is not created again."""

from __future__ import annotations

from typing import Protocol

from contacts.identity import profile_url
from contacts.models import Contact
from relations.models import ContactAlias


class IdentifiedRow(Protocol):
    slug: str
    email: str
    profile_url: str


def contact_merged_from(owner_id: int, slug: str) -> Contact | None:
    """The contact that took in the owner's contact merged away with this profile, if any."""
    alias = ContactAlias.objects.filter(
        owner_id=owner_id, kind=ContactAlias.Kind.SLUG, value=slug
    ).first()
    return Contact.objects.filter(owner_id=owner_id, pk=alias.contact_id).first() if alias else None


def merged_profile_refusal(owner_id: int, slug: str, contact_id: int | None) -> str:
    """Why the contact ``contact_id`` (None: a new one) cannot take this profile, which a
    merge gave another contact; "" when it can."""
    survivor = contact_merged_from(owner_id, slug) if slug else None
    if survivor is None or survivor.pk == contact_id:
        return ""
    return (
        f"This LinkedIn profile is {survivor}'s: the contact that had it was merged into "
        f"{survivor}. Edit {survivor} instead, or undo that merge on the duplicates page."
    )


def point_rows_at_merged_contacts(owner_id: int, rows: list[IdentifiedRow]) -> int:
    """Give rows that carry a merged-away slug or email the surviving contact's identity.

    A row's alias email is dropped, so the survivor keeps the email chosen in
    the merge. Returns how many rows were pointed elsewhere.
    """
    aliases = ContactAlias.objects.filter(owner_id=owner_id)
    # Most owners have merged nobody: one cheap query instead of two with a
    # batch's worth of values in them (75 ms a batch of 5,000 rows).
    if not aliases.exists():
        return 0
    slugs = {row.slug for row in rows if row.slug}
    emails = {row.email for row in rows if row.email}
    slug_alias = dict(
        aliases.filter(kind=ContactAlias.Kind.SLUG, value__in=slugs).values_list(
            "value", "contact_id"
        )
    )
    email_alias = dict(
        aliases.filter(kind=ContactAlias.Kind.EMAIL, value__in=emails).values_list(
            "value", "contact_id"
        )
    )
    if not slug_alias and not email_alias:
        return 0
    survivors = {
        contact["id"]: contact
        for contact in Contact.objects.filter(
            owner_id=owner_id, pk__in={*slug_alias.values(), *email_alias.values()}
        ).values("id", "slug", "email")
    }
    pointed = 0
    for row in rows:
        target = slug_alias.get(row.slug) or (None if row.slug else email_alias.get(row.email))
        survivor = survivors.get(target) if target else None
        if survivor is None:
            continue
        if row.email in email_alias:
            row.email = ""
        if survivor["slug"]:
            row.slug, row.profile_url = survivor["slug"], profile_url(survivor["slug"])
        elif survivor["email"]:
            row.slug, row.profile_url, row.email = "", "", survivor["email"]
        else:
            continue
        pointed += 1
    return pointed
