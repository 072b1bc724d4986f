"""Relationship management: the timeline, merges and their aliases, duplicate scans, digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from crm.jobs import HasJobStatus, JobStatus


class DigestPreference(models.Model):
    """One user's keep-in-touch e-mail setting, and the day the last digest went out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    send_digest = models.BooleanField("e-mail me a daily digest of who is due", default=True)
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"digest for user {self.user_id}: {'on' if self.send_digest else 'off'}"


class TimelineEvent(models.Model):
    """Something that happened to one contact, for its timeline.

    Notes and messages are read from their own rows; what leaves no other
    trace (imports, tag changes, merges, "we talked", snoozes) is written here,
    in set-based statements where many contacts are touched at once.
    """

    class Kind(models.TextChoices):
        IMPORT_CREATED = "import_created", "Added by an import"
        IMPORT_UPDATED = "import_updated", "Updated by an import"
        DISCONNECTED = "disconnected", "No longer a connection"
        RECONNECTED = "reconnected", "A connection again"
        TAG_ADDED = "tag_added", "Tag added"
        TAG_REMOVED = "tag_removed", "Tag removed"
        MERGED = "merged", "Merged"
        MERGE_UNDONE = "merge_undone", "Merge undone"
        TALKED = "talked", "We talked"
        SNOOZED = "snoozed", "Reminder snoozed"
        CADENCE = "cadence", "Keep-in-touch cadence set"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="timeline_events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "imports.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A removed tag's link date: the one row stands for "Tagged" then "Untagged".
    since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["contact", "-at"], name="timeline_contact_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"


class ContactAlias(models.Model):
    """A slug or email of a contact merged away, which still finds the contact it went into."""

    class Kind(models.TextChoices):
        SLUG = "slug", "LinkedIn profile slug"
        EMAIL = "email", "Email"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="aliases"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(max_length=254)
    merge = models.ForeignKey(
        "relations.Merge", on_delete=models.CASCADE, related_name="aliases_created"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "kind", "value", name="contact_alias_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value} -> contact {self.contact_id}"


class Merge(models.Model):
    """One contact merged into another, with everything needed to undo it exactly.

    ``snapshot`` holds both contacts' columns, their tag rows, notes, timeline
    events and aliases as they were before the merge.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_merges"
    )
    survivor = models.ForeignKey(
        "contacts.Contact", null=True, on_delete=models.SET_NULL, related_name="merges"
    )
    survivor_name = models.CharField(max_length=300)
    merged_name = models.CharField(max_length=300)
    merged_contact_id = models.BigIntegerField()
    snapshot = models.JSONField()
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_name} into {self.survivor_name}"


class DuplicateScan(HasJobStatus, models.Model):
    """One background search of a user's network for duplicate contacts.

    Status transitions::

        QUEUED --a worker takes it--> RUNNING --every rule done--> SUCCEEDED
        RUNNING --unexpected error--> FAILED
        RUNNING --worker lost, task redelivered--> RUNNING (starts over; its pairs are replaced)
    """

    Status = JobStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duplicate_scans"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    pairs_found = models.PositiveIntegerField(default=0)
    truncated = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Duplicate scan {self.pk} ({self.status})"


class DuplicateCandidate(models.Model):
    """Two contacts that may be one person, and why; ``first`` has the lower id."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scan = models.ForeignKey(DuplicateScan, on_delete=models.CASCADE, related_name="candidates")
    first = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)
    same_email = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint("scan", "first", "second", name="duplicate_candidate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}: {', '.join(self.reasons)}"


class NotDuplicate(models.Model):
    """Two contacts the user said are different people; later scans leave them apart.

    Plain ids, not foreign keys: the answer must outlive a merge of either
    contact and its undo.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_id = models.BigIntegerField()
    second_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "first_id", "second_id", name="not_duplicate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} is not {self.second_id}"
