"""Finding contacts that may be one person, each pair with the reasons it matched.

Blocking keeps it fast at a million contacts: the exact rules group by a
normalised key in SQL (a window count keeps only keys held more than once)
and stream the groups in key order, so memory holds one group at a time.
Fuzzy names are compared only between neighbours in two sort orders (first
name first, last name first) of the contacts without a profile, never all
against all.

The rules:
- the same email;
- the same name and company (not two different LinkedIn profiles);
- the same name, one captured without a LinkedIn profile and one with it;
- near-identical names among contacts without a profile (rapidfuzz).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, QuerySet, Value, Window
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from rapidfuzz import fuzz, process

from contacts.models import Contact
from relations.models import NotDuplicate

MAX_PAIRS = 50_000
MAX_GROUP = 50  # a larger group of one key is a common name, not one person
MAX_PROFILES_FOR_A_NAME = 3
NEIGHBOURS = 20
SIMILARITY = 90

Progress = Callable[[str, int], None]


@dataclass
class Pairs:
    """Candidate pairs found so far, keyed by (lower id, higher id)."""

    dismissed: set[tuple[int, int]]
    reasons: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    same_email: set[tuple[int, int]] = field(default_factory=set)
    truncated: bool = False

    def add(self, a: int, b: int, reason: str, *, email: bool = False) -> None:
        key = (a, b) if a < b else (b, a)
        if a == b or key in self.dismissed:
            return
        if key not in self.reasons:
            if len(self.reasons) >= MAX_PAIRS:
                self.truncated = True
                return
            self.reasons[key] = []
        if reason not in self.reasons[key]:
            self.reasons[key].append(reason)
        if email:
            self.same_email.add(key)


def name_key() -> Lower:
    """The shown name, trimmed and lower-cased: the display name, else first and last."""
    full = Trim(Concat("first_name", Value(" "), "last_name", output_field=CharField()))
    return Lower(Coalesce(NullIf(Trim("display_name"), Value("")), full))


def _groups(contacts: QuerySet, key: object, *columns: str) -> Iterator[list[tuple]]:
    """Rows sharing ``key`` with at least one other row, one group at a time."""
    rows = (
        contacts.annotate(group_key=key)
        .annotate(group_size=Window(Count("id"), partition_by=[F("group_key")]))
        .filter(group_size__gt=1)
        .order_by("group_key", "id")
        .values_list("group_key", "id", *columns)
    )
    group: list[tuple] = []
    for row in rows.iterator(chunk_size=5000):
        if group and group[0][0] != row[0]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def find_same_email(contacts: QuerySet, pairs: Pairs) -> None:
    for group in _groups(contacts.exclude(email=""), F("email")):
        first = group[0][1]
        for _, other in group[1 : MAX_GROUP + 1]:
            pairs.add(first, other, f"same email {group[0][0]}", email=True)


def find_same_name_and_company(contacts: QuerySet, pairs: Pairs) -> None:
    key = Concat(name_key(), Value("|"), Lower("company"), output_field=CharField())
    named = contacts.exclude(company="").exclude(first_name="", last_name="", display_name="")
    for group in _groups(named, key, "slug"):
        if len(group) > MAX_GROUP:
            continue
        for index, (_, first, first_slug) in enumerate(group):
            for _, other, other_slug in group[index + 1 :]:
                if not (first_slug and other_slug):
                    pairs.add(first, other, "same name and company")


def find_captured_then_imported(contacts: QuerySet, pairs: Pairs) -> None:
    named = contacts.exclude(first_name="", last_name="", display_name="")
    for group in _groups(named, name_key(), "slug"):
        with_profile = [row[1] for row in group if row[2]]
        without = [row[1] for row in group if not row[2]]
        if not without or not 0 < len(with_profile) <= MAX_PROFILES_FOR_A_NAME:
            continue
        for captured in without[:MAX_GROUP]:
            for imported in with_profile:
                pairs.add(captured, imported, "same name; only one has a LinkedIn profile")


def _neighbours(rows: Iterable[tuple[int, str]], pairs: Pairs) -> None:
    window: deque[tuple[int, str]] = deque(maxlen=NEIGHBOURS)
    for contact_id, name in rows:
        # One call per contact scores it against the whole window in C.
        matches = process.extract(
            name,
            [other_name for _, other_name in window],
            scorer=fuzz.ratio,
            score_cutoff=SIMILARITY,
            limit=None,
        )
        for other_name, score, index in matches:
            reason = (
                "same name, neither has a LinkedIn profile"
                if name == other_name
                else f"near-identical names ({round(score)}% alike), no LinkedIn profile"
            )
            pairs.add(window[index][0], contact_id, reason)
        window.append((contact_id, name))


def find_similar_names(contacts: QuerySet, pairs: Pairs) -> None:
    without_profile = (
        contacts.filter(slug="")
        .exclude(first_name="", last_name="", display_name="")
        .annotate(name=name_key())
    )
    last_first = Lower(
        Coalesce(
            NullIf(Trim("display_name"), Value("")),
            Concat("last_name", Value(" "), "first_name", output_field=CharField()),
        )
    )
    for order in (F("name"), last_first):
        rows = without_profile.order_by(order, "id").values_list("id", "name")
        _neighbours(rows.iterator(chunk_size=5000), pairs)


RULES: list[tuple[str, Callable[[QuerySet, Pairs], None]]] = [
    ("the same email", find_same_email),
    ("the same name and company", find_same_name_and_company),
    ("a name captured and later imported with a profile", find_captured_then_imported),
    ("near-identical names", find_similar_names),
]


def find_duplicates(owner_id: int, progress: Progress | None = None) -> Pairs:
    """Every candidate pair among the owner's contacts, except those said to be different."""
    dismissed = set(
        NotDuplicate.objects.filter(owner_id=owner_id).values_list("first_id", "second_id")
    )
    pairs = Pairs(dismissed=dismissed)
    contacts = Contact.objects.filter(owner_id=owner_id)
    for index, (stage, rule) in enumerate(RULES):
        if progress:
            progress(f"Looking for {stage}", round(100 * index / len(RULES)))
        rule(contacts, pairs)
    return pairs
