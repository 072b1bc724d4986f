"""Whose an inbox folder is: two owners' sources never read the same files.

A file dropped into a folder is imported into the network of every source that
reads it. Were a folder (or one inside or around it) another owner's too, a
staff user could name it and import that owner's exports into their own
network, so such a folder is refused wherever a source is given one: the
source page, the admin and the API.
"""

from __future__ import annotations

from imports.models import ImportSource
from imports.scheduled import SourceUnavailable, inbox_path

ANOTHER_OWNERS_FOLDER = (
    "another user's source reads this folder, or one inside or around it; "
    "choose a folder of your own"
)


def is_another_owners_folder(folder: str, owner_id: int) -> bool:
    """Whether ``folder`` is, holds or lies inside the inbox folder of another owner's source."""
    path = inbox_path(folder)
    folders = (
        ImportSource.objects.exclude(owner_id=owner_id)
        .exclude(inbox_folder="")
        .values_list("inbox_folder", flat=True)
    )
    for other in folders.iterator():
        try:
            theirs = inbox_path(other)
        except SourceUnavailable:
            continue  # a folder outside the inbox root reads nothing
        if path.is_relative_to(theirs) or theirs.is_relative_to(path):
            return True
    return False
