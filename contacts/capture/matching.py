"""Who a captured profile is among the owner's contacts: by its slug, or by the name it shows."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from contacts.models import Contact
from relations.aliases import contact_merged_from

# A name of more words than this is not looked up: no address book splits it that way.
MOST_WORDS_IN_A_NAME = 6


def contact_with_profile(owner: AbstractBaseUser, slug: str) -> Contact | None:
    """The owner's contact with this slug, else the one a contact merged away with it went into.

    A merge keeps the merged-away slug as an alias of the survivor, so capturing
    that profile again updates the survivor instead of bringing the duplicate back.
    """
    contact = Contact.objects.for_owner(owner).filter(slug=slug).first()
    return contact if contact is not None else contact_merged_from(owner.pk, slug)


def first_and_last_names(name: str) -> list[tuple[str, str]]:
    """Every way to read a full name as a first and a last name ("Jane", "van Dam")."""
    words = name.split()
    if len(words) == 1:
        return [(words[0], "")]
    if not words or len(words) > MOST_WORDS_IN_A_NAME:
        return []
    return [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]


def only_namesake_without_profile(owner: AbstractBaseUser, name: str) -> Contact | None:
    """The owner's one contact of this first and last name, when it has no LinkedIn profile.

    Someone imported from an address book is known by their email and name: a
    capture of their profile can go onto them. A name two contacts share tells
    nothing, and one whose contact has a profile is someone else's.
    """
    splits = first_and_last_names(name)
    if not splits:
        return None
    same_name = reduce(or_, (Q(first_name=first, last_name=last) for first, last in splits))
    namesakes = list(Contact.objects.for_owner(owner).filter(same_name)[:2])
    if len(namesakes) != 1 or namesakes[0].slug:
        return None
    return namesakes[0]
