"""Matching a batch's rows to the owner's contacts beyond what the upsert's keys see.

The upsert matches on (owner, slug) and, for contacts without a slug, on
(owner, email). A row carrying the slug or email of a contact merged into
another takes the survivor's identity first (``relations.aliases``). Four
cases need a look then, each one small query that is only made when the
batch has such rows:

- a row with an email but no profile URL, for a contact that has a slug and
  that email: the row takes the contact's slug, so it updates that person;
- a row with a profile URL and an email, for a contact known only by that
  email: the contact adopts the slug (no second person is created);
- a row with neither (LinkedIn's Connections.csv before 2023, its
  Invitations.csv before late 2023, Member_Follows.csv): it is the contact of
  its name from an earlier import, else the one of that name connected on its
  date, else the owner's only contact of that name, when no date disagrees;
  a contact whose phone number differs from the row's is never it (two
  address-book people of one name are told apart by their numbers);
- a row of one of LinkedIn's own files with a profile URL nobody has: the
  owner's only contact of its name adopts it, when that contact has no URL
  yet (messages give the URLs of people an older archive lists by name).

A name shared by two of the owner's contacts never picks one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min

from contacts.models import Contact
from imports.people import ContactRow
from imports.records import SectionKind
from relations.aliases import point_rows_at_merged_contacts

# LinkedIn's own files list the owner's network. A follower list from an export
# tool may hold a stranger who shares a contact's name: its profile URLs never
# go to a contact by name.
NAMES_FIND_PROFILES_IN = frozenset(
    {SectionKind.CONNECTIONS, SectionKind.INVITATIONS, SectionKind.MESSAGES, SectionKind.NOTES}
)


def match_rows(owner_id: int, rows: list[ContactRow], kind: SectionKind) -> int:
    """Point rows at the contacts they belong to; returns how many contacts adopted a slug."""
    point_rows_at_merged_contacts(owner_id, rows)
    _take_slug_of_contact_with_same_email(owner_id, rows)
    _match_rows_without_identity(owner_id, rows)
    adopted = _adopt_slugs_for_contacts_known_by_email(owner_id, rows)
    if kind in NAMES_FIND_PROFILES_IN:
        adopted += _adopt_slugs_for_contacts_known_by_name(owner_id, rows)
    return adopted


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


def _names(row: ContactRow) -> tuple[str, str, str]:
    return row.first_name, row.last_name, row.display_name


def _full_name(first_name: str, last_name: str, display_name: str) -> str:
    name = display_name or f"{first_name} {last_name}"
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class _Namesake:
    id: int
    names: tuple[str, str, str]  # first, last and display name, as stored
    slug: str
    email: str
    connected_on: date | None
    phone: str


def _namesakes(owner_id: int, rows: list[ContactRow]) -> dict[str, list[_Namesake]]:
    """The owner's contacts by full name, for the names of ``rows``, in id order."""
    found: dict[str, list[_Namesake]] = {}
    contacts = Contact.objects.filter(
        owner_id=owner_id,
        first_name__in={row.first_name for row in rows},
        last_name__in={row.last_name for row in rows},
    ).order_by("id")
    for contact in contacts.values(
        "id", "first_name", "last_name", "display_name", "slug", "email", "connected_on", "phone"
    ):
        names = (contact["first_name"], contact["last_name"], contact["display_name"])
        found.setdefault(_full_name(*names), []).append(
            _Namesake(
                id=contact["id"],
                names=names,
                slug=contact["slug"],
                email=contact["email"],
                connected_on=contact["connected_on"],
                phone=contact["phone"],
            )
        )
    return found


def _dates_agree(a: date | None, b: date | None) -> bool:
    return a is None or b is None or a == b


def _same_person(row: ContactRow, namesakes: list[_Namesake]) -> int | None:
    """The contact a row known only by its name is, or None when the name does not tell."""
    namesakes = [n for n in namesakes if not (n.phone and row.phone and n.phone != row.phone)]
    for namesake in namesakes:
        if (
            not (namesake.slug or namesake.email)
            and namesake.names == _names(row)
            and namesake.connected_on == row.connected_on
        ):
            return namesake.id  # the row's own contact, from an earlier import
    if row.connected_on:
        same_day = [n for n in namesakes if n.connected_on == row.connected_on]
        if len(same_day) == 1:
            return same_day[0].id
    if len(namesakes) == 1 and _dates_agree(namesakes[0].connected_on, row.connected_on):
        return namesakes[0].id
    return None


def _match_rows_without_identity(owner_id: int, rows: list[ContactRow]) -> None:
    nameless = [row for row in rows if not row.slug and not row.email]
    if not nameless:
        return
    namesakes = _namesakes(owner_id, nameless)
    for row in nameless:
        row.target_id = _same_person(row, namesakes.get(_full_name(*_names(row)), []))


def _adopt_slugs_for_contacts_known_by_name(owner_id: int, rows: list[ContactRow]) -> int:
    """A profile URL nobody has goes to the owner's only contact of its name, if it has none.

    LinkedIn's archives before 2023 list connections by name only; their
    messages give each sender's profile URL, which finds that connection here.
    """
    with_slug = {row.slug: row for row in rows if row.slug}
    if not with_slug:
        return 0
    known = set(
        Contact.objects.filter(owner_id=owner_id, slug__in=with_slug).values_list("slug", flat=True)
    )
    unknown = [row for slug, row in with_slug.items() if slug not in known]
    if not unknown:
        return 0
    namesakes = _namesakes(owner_id, unknown)
    rows_by_name: dict[str, list[ContactRow]] = {}
    for row in unknown:
        rows_by_name.setdefault(_full_name(*_names(row)), []).append(row)
    adopted = 0
    for name, named in rows_by_name.items():
        contacts = namesakes.get(name, [])
        if len(named) != 1 or len(contacts) != 1:
            continue  # two profiles of one name, or two people of it: the name does not tell
        (row,), (contact,) = named, contacts
        if contact.slug or not _dates_agree(contact.connected_on, row.connected_on):
            continue
        if row.email and contact.email and row.email != contact.email:
            continue
        adopted += Contact.objects.filter(pk=contact.id, owner_id=owner_id, slug="").update(
            slug=row.slug, profile_url=row.profile_url
        )
    return adopted
