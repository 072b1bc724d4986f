"""Notes a user writes on a contact."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from contacts.models.contact import Contact

# About 15,000 words: room for any note, not for a file pasted by mistake.
NOTE_MAX_LENGTH = 100_000
NOTE_TOO_LONG = f"A note can hold at most {NOTE_MAX_LENGTH:,} characters"


class Note(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    # Checked by the forms and the API; an imported note is kept whole.
    body = models.TextField(max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]
