"""Whose an inbox folder is: two sources never read the same files.

A file dropped into a folder is imported into the network of every source that
reads it. Were a folder (or one inside or around it) another owner's too, a
staff user could name it and import that owner's exports into their own
network; were it the folder of another source of the same owner, each file
would be imported twice. Such a folder is refused wherever a source is given
or changed: the source page, the admin and the API.
"""

from __future__ import annotations

from imports.models import ImportSource
from imports.scheduled import SourceUnavailable, inbox_path

ANOTHER_OWNERS_FOLDER = (
    "another user's source reads this folder, or one inside or around it; "
    "choose a folder of your own"
)


def folder_refusal(folder: str, owner_id: int, source_id: int | None = None) -> str:
    """Why ``folder`` cannot be the inbox of source ``source_id`` (None: a new one) of
    ``owner_id``; "" when it can."""
    path = inbox_path(folder)
    others = ImportSource.objects.exclude(inbox_folder="").exclude(pk=source_id)
    for other_owner_id, name, other in others.values_list("owner_id", "name", "inbox_folder"):
        try:
            theirs = inbox_path(other)
        except SourceUnavailable:
            continue  # a folder outside the inbox root reads nothing
        if other_owner_id != owner_id:
            if path.is_relative_to(theirs) or theirs.is_relative_to(path):
                return ANOTHER_OWNERS_FOLDER
        elif path == theirs:
            # Only the folder itself: a source reads the files in it, not in folders inside.
            return (
                f"your source “{name}” reads this folder already, so each file would be "
                "imported twice"
            )
    return ""
