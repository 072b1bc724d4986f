"""Matching a batch's rows to the owner's contacts beyond what the upsert's keys see.

The upsert matches on (owner, slug) and, for contacts without a slug, on
(owner, email). A row carrying the slug or email of a contact merged into
another takes the survivor's identity first (``relations.aliases``). Three
cases need a look then, each one small query that is
only made when the batch has such rows:

- a row with an email but no profile URL, for a contact that has a slug and
  that email: the row takes the contact's slug, so it updates that person;
- a row with a profile URL and an email, for a contact known only by that
  email: the contact adopts the slug (no second person is created);
- a row with neither, for a contact with neither: the same name and
  connection date make it the same person (never the name alone when a date
  is known).
"""

from __future__ import annotations

from django.db.models import Min

from contacts.models import Contact
from imports.people import ContactRow
from relations.aliases import point_rows_at_merged_contacts


def match_rows(owner_id: int, rows: list[ContactRow]) -> int:
    """Point rows at the contacts they belong to; returns how many contacts adopted a slug."""
    point_rows_at_merged_contacts(owner_id, rows)
    _take_slug_of_contact_with_same_email(owner_id, rows)
    _match_rows_without_identity(owner_id, rows)
    return _adopt_slugs_for_contacts_known_by_email(owner_id, rows)


def _take_slug_of_contact_with_same_email(owner_id: int, rows: list[ContactRow]) -> None:
    wanted = {row.email for row in rows if not row.slug and row.email}
    if not wanted:
        return
    slug_of = dict(
        Contact.objects.filter(owner_id=owner_id, email__in=wanted)
        .exclude(slug="")
        .exclude(email="")
        .values("email")
        .annotate(slug=Min("slug"))
        .values_list("email", "slug")
    )
    for row in rows:
        if not row.slug and row.email in slug_of:
            row.slug = slug_of[row.email]


def _adopt_slugs_for_contacts_known_by_email(owner_id: int, rows: list[ContactRow]) -> int:
    with_both = {row.email: row for row in rows if row.slug and row.email}
    if not with_both:
        return 0
    known_by_email = dict(
        Contact.objects.filter(owner_id=owner_id, slug="", email__in=with_both)
        .exclude(email="")
        .values_list("email", "id")
    )
    if not known_by_email:
        return 0
    taken = set(
        Contact.objects.filter(
            owner_id=owner_id, slug__in=[with_both[email].slug for email in known_by_email]
        ).values_list("slug", flat=True)
    )
    adopted = 0
    for email, contact_id in known_by_email.items():
        row = with_both[email]
        if row.slug in taken:
            continue
        taken.add(row.slug)
        adopted += Contact.objects.filter(pk=contact_id, owner_id=owner_id).update(
            slug=row.slug, profile_url=row.profile_url
        )
    return adopted


def _match_rows_without_identity(owner_id: int, rows: list[ContactRow]) -> None:
    nameless = [row for row in rows if not row.slug and not row.email]
    if not nameless:
        return
    candidates = Contact.objects.filter(
        owner_id=owner_id,
        slug="",
        email="",
        first_name__in={row.first_name for row in nameless},
        last_name__in={row.last_name for row in nameless},
    ).order_by("id")
    first_with: dict[tuple, int] = {}
    for contact in candidates.values(
        "id", "first_name", "last_name", "display_name", "connected_on"
    ):
        key = (contact["first_name"], contact["last_name"], contact["display_name"])
        first_with.setdefault((*key, contact["connected_on"]), contact["id"])
    for row in nameless:
        row.target_id = first_with.get(
            (row.first_name, row.last_name, row.display_name, row.connected_on)
        )
