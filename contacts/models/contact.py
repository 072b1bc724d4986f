"""A contact: one person of a user's network, with the relationship facts and their dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Concat, Lower
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from contacts.identity import normalise_email, profile_slug, profile_url
from contacts.querysets import ContactQuerySet


class Kind(models.TextChoices):
    """The one kind shown in lists, derived from the facts: connection > follower > following."""

    CONNECTION = "connection", "Connection"
    FOLLOWER = "follower", "Follower"
    FOLLOWING = "following", "Following"
    CONTACT = "contact", "Contact"


class Invitation(models.TextChoices):
    NONE = "", "None"
    SENT = "sent", "Sent by me"
    RECEIVED = "received", "Received"


# Where a contact first came from, in words, for the sources this app writes: the part of
# a file an import created it from (imports.records.SectionKind), or a page. API clients
# may write any other text, which is shown as it is.
SOURCE_LABELS = {
    "connections": "LinkedIn connections",
    "invitations": "LinkedIn invitations",
    "messages": "LinkedIn messages",
    "following": "LinkedIn follows",
    "notes": "LinkedIn notes",
    "profiles": "Follower or profile list",
    "contacts": "Address book or other file",
    "manual": "Added by hand",
    "capture": "Captured with the bookmarklet",
}


def _searchable(*fields: str) -> Lower:
    parts: list[object] = []
    for field in fields:
        parts += [models.F(field), models.Value(" ")]
    return Lower(Concat(*parts[:-1], output_field=models.TextField()))


class Contact(models.Model):
    """One person in one user's network.

    The relationship facts are independent: a connection can also follow me,
    and a connection that ended keeps its dates. ``kind`` is derived from them.
    """

    # No index of its own: every index below starts with the owner (and
    # contact_owner_recent, migration 0003, is the owner's alone); each index is
    # paid on every inserted row.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts", db_index=False
    )
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    display_name = models.CharField(
        max_length=300, blank=True, help_text="The full name as shown, when it is not first + last."
    )
    headline = models.CharField(max_length=500, blank=True)
    position = models.CharField(max_length=300, blank=True)
    company = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=64, blank=True)
    website = models.CharField(max_length=500, blank=True)
    profile_url = models.CharField("LinkedIn profile URL", max_length=500, blank=True)
    slug = models.CharField("LinkedIn profile slug", max_length=200, blank=True, editable=False)

    is_connection = models.BooleanField("connection", default=False)
    connected_on = models.DateField(null=True, blank=True)
    disconnected_on = models.DateField(null=True, blank=True)
    is_follower = models.BooleanField("follows me", default=False)
    followed_me_on = models.DateField("follower since", null=True, blank=True)
    is_following = models.BooleanField("I follow", default=False)
    following_since = models.DateField(null=True, blank=True)
    invitation = models.CharField(
        "pending invitation", max_length=8, choices=Invitation.choices, blank=True
    )
    invitation_at = models.DateTimeField("invitation date", null=True, blank=True)

    last_interaction_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)
    source = models.CharField(
        max_length=32, blank=True, help_text="Where this person first came from."
    )
    first_seen_at = models.DateTimeField(default=timezone.now)
    # Keep in touch: this contact's own cadence wins over its tags' (see relations.keep_in_touch).
    keep_in_touch_days = models.PositiveSmallIntegerField(
        "keep in touch every (days)", null=True, blank=True
    )
    snoozed_until = models.DateField(null=True, blank=True)
    # Marked in the prune queue, to be removed on LinkedIn by the user.
    prune_marked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(default=timezone.now)
    # The import job that created this contact, for its timeline ("Added by the
    # import of ..."): one column written with the row instead of one event row
    # per created contact. No database constraint (an import writes it on every
    # new row) and no cascade: a deleted job leaves "Added by an import".
    added_by_import = models.ForeignKey(
        "imports.ImportJob",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_text = models.GeneratedField(
        expression=_searchable(
            "first_name", "last_name", "display_name", "company", "headline", "position", "email"
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    tags = TaggableManager(through="contacts.TaggedContact", blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "slug",
                condition=~models.Q(slug=""),
                name="contact_unique_slug_per_owner",
            ),
            models.UniqueConstraint(
                "owner",
                "email",
                condition=models.Q(slug="") & ~models.Q(email=""),
                name="contact_unique_email_per_owner",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner", "is_connection", "is_follower", "is_following", "-id"],
                name="contact_kind",
            ),
            # Connections, newest first: contact_kind orders them only within each
            # follower/following combination, and connections are usually the
            # oldest rows, so walking newest-first through everyone finds them last.
            models.Index(
                fields=["owner", "-id"],
                condition=models.Q(is_connection=True),
                name="contact_connection_newest",
            ),
            models.Index(fields=["owner", "last_name", "first_name", "id"], name="contact_name"),
            models.Index(fields=["owner", "company", "id"], name="contact_company"),
            models.Index(fields=["owner", "connected_on", "id"], name="contact_connected_on"),
            models.Index(
                fields=["owner", "last_interaction_at", "id"], name="contact_last_interaction"
            ),
            # Only contacts with an email: most imported rows (followers) have none.
            models.Index(
                fields=["owner", "email"], condition=~models.Q(email=""), name="contact_email"
            ),
            models.Index(
                fields=["owner", "keep_in_touch_days"],
                condition=models.Q(keep_in_touch_days__isnull=False),
                name="contact_cadence",
            ),
            models.Index(
                fields=["owner", "prune_marked_at"],
                condition=models.Q(prune_marked_at__isnull=False),
                name="contact_prune_marked",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.slug or f"Contact {self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.slug = profile_slug(self.profile_url)
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts-detail", args=[self.pk])

    @property
    def name(self) -> str:
        """The name to show: the display name, else first and last name."""
        return self.display_name or " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def kind(self) -> str:
        """The single kind shown in lists, derived from the relationship facts."""
        if self.is_connection:
            return Kind.CONNECTION
        if self.is_follower:
            return Kind.FOLLOWER
        if self.is_following:
            return Kind.FOLLOWING
        return Kind.CONTACT

    def get_kind_display(self) -> str:
        return Kind(self.kind).label

    @property
    def linkedin_url(self) -> str:
        """A safe https link to the profile, built from the slug; "" without one."""
        return profile_url(self.slug)
