"""A contact's history as dated events, newest first, from the facts stored on the contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from contacts.models import Contact, Invitation


@dataclass(frozen=True)
class TimelineEvent:
    when: date | datetime
    title: str

    @property
    def day(self) -> date:
        if isinstance(self.when, datetime):
            return timezone.localtime(self.when).date()
        return self.when


def contact_timeline(contact: Contact) -> list[TimelineEvent]:
    """Every dated fact about ``contact`` as an event, newest first."""
    invitation_titles = {
        Invitation.SENT: "You sent an invitation to connect",
        Invitation.RECEIVED: "They invited you to connect",
    }
    candidates = [
        (contact.connected_on, "Connected on LinkedIn"),
        (contact.disconnected_on, "No longer connected"),
        (contact.followed_me_on, "Started following you"),
        (contact.following_since, "You started following them"),
        (contact.invitation_at, invitation_titles.get(contact.invitation, "Invitation")),
        (contact.last_interaction_at, "Last interaction"),
        (contact.first_seen_at, "First seen in an import or added"),
    ]
    events = [TimelineEvent(when, title) for when, title in candidates if when]
    return sorted(events, key=lambda event: event.day, reverse=True)
