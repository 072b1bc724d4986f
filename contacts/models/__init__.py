"""The network: contacts with their relationship facts, tags, notes, saved lists and jobs.

One module per part; everything is importable from ``contacts.models``.
"""

from contacts.models.bulk_job import BulkJob
from contacts.models.contact import SOURCE_LABELS, Contact, Invitation, Kind
from contacts.models.notes import Note
from contacts.models.saved_lists import SavedFilter
from contacts.models.snapshot import NetworkSnapshot
from contacts.models.tags import Tag, TaggedContact

__all__ = [
    "SOURCE_LABELS", "BulkJob", "Contact", "Invitation", "Kind", "NetworkSnapshot", "Note",
    "SavedFilter", "Tag", "TaggedContact",
]  # fmt: skip
