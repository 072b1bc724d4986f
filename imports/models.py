"""Import jobs, their row errors, scheduled sources and remembered column mappings."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from crm.jobs import HasJobStatus, JobStatus

ROW_ERRORS_KEPT_PER_JOB = 1000
# A summary key: the job read a list of connections, so its change report means something.
READ_CONNECTIONS = "read_connections"


class DeclaredKind(models.TextChoices):
    """What the user says the people in a file are, when the file cannot say it itself."""

    CONNECTIONS = "connections", "Connections"
    FOLLOWERS = "followers", "Followers"
    FOLLOWING = "following", "People I follow"
    CONTACTS = "contacts", "Contacts"


def stored_file_name(job: ImportJob, filename: str) -> str:
    """A generated name under imports/: the user's file name never becomes a path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportJobQuerySet(models.QuerySet):
    def for_owner(self, user: models.Model) -> ImportJobQuerySet:
        return self.filter(owner_id=user.pk)

    def unfinished(self) -> ImportJobQuerySet:
        return self.filter(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING])


class ImportJob(HasJobStatus, models.Model):
    """One file imported into one user's network, from upload to summary.

    Status transitions::

        QUEUED --claimed by a worker--> RUNNING
        RUNNING --every section read--> SUCCEEDED
        RUNNING --unreadable file, no person in it, unexpected error--> FAILED
        RUNNING --worker died, heartbeat went stale--> QUEUED   (the sweeper requeues it;
                                                                 the checkpoint says where
                                                                 to resume)
        QUEUED/RUNNING --claimed more than MAX_ATTEMPTS times--> FAILED

    SUCCEEDED and FAILED are final. The database, not the broker, is the truth:
    a task delivered twice finds the job finished, or held by a live worker,
    and does nothing.
    """

    Status = JobStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file = models.FileField(upload_to=stored_file_name, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    declared_kind = models.CharField(
        "the people in the file are",
        max_length=16,
        choices=DeclaredKind.choices,
        blank=True,
        help_text="Leave empty when the file says it (a LinkedIn export does).",
    )
    column_mapping = models.JSONField(
        null=True, blank=True, help_text="Column name -> contact field, for generic files."
    )
    tags = models.ManyToManyField("contacts.Tag", blank=True, related_name="import_jobs")
    snapshot = models.BooleanField(
        "complete Connections list",
        default=True,
        help_text="Mark connections missing from a complete Connections.csv as disconnected. "
        "Turn off for a partial file.",
    )
    source = models.ForeignKey(
        "imports.ImportSource",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(blank=True, help_text="Why the job failed, in words for the user.")
    warnings = models.JSONField(default=list, blank=True)

    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    tagged = models.PositiveIntegerField(
        default=0, help_text="Rows whose contact changed only by gaining a tag from this import."
    )
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    disconnected = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    bytes_total = models.BigIntegerField(default=0)
    section_name = models.CharField(max_length=200, blank=True)

    # The resume point, committed with each batch: items of section
    # ``checkpoint_section`` already written (earlier sections are complete).
    checkpoint_section = models.PositiveIntegerField(default=0)
    checkpoint_items = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    run_token = models.CharField(max_length=32, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The time workers spent on the job, summed over its runs: the rate and the time left
    # come from it, so the hours a lost job waited for a worker do not slow them down.
    seconds_worked = models.FloatField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="import_job_owner_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="import_job_status_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.original_name or self.file.name}"

    @property
    def progress_percent(self) -> int:
        """How far through the current file or archive member, 0 to 100."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.bytes_total:
            return 0
        return min(100, int(100 * self.bytes_done / self.bytes_total))

    @property
    def read_connections(self) -> bool:
        """Whether the job read a list of connections (a Connections.csv, alone or in an archive).

        Only then do "No longer connected" and what changed among connections apply to it.
        A job from before the summary's marker counts when it recorded a connection change.
        """
        summary = self.summary or {}
        changes = ("new_connections", "disconnected", "changed")
        return bool(
            summary.get(READ_CONNECTIONS)
            or self.disconnected
            or any(summary.get(key) for key in changes)
        )

    def counts(self) -> dict[str, int]:
        """The counters, as the command's JSON line and the summary page show them."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "tagged": self.tagged,
            "skipped": self.skipped,
            "failed": self.failed,
            "disconnected": self.disconnected,
        }


class ImportRowError(models.Model):
    """A row that could not be imported; at most ROW_ERRORS_KEPT_PER_JOB are kept per job."""

    class Unit(models.TextChoices):
        """What ``line`` counts: a JSON array's rows are items, not lines."""

        LINE = "line", "Line"
        ITEM = "item", "Item"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    section = models.CharField(max_length=200, blank=True)
    line = models.PositiveIntegerField(help_text="The row's line in the file, or its item number.")
    unit = models.CharField(max_length=4, choices=Unit.choices, default=Unit.LINE)
    reason = models.CharField(max_length=500)
    raw = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    @property
    def where(self) -> str:
        """Where the row is in the file: ``Line 7``, or ``Item 3`` of a JSON array."""
        return f"{self.get_unit_display()} {self.line}"


class SnapshotMember(models.Model):
    """A contact seen in a job's complete Connections list, so the rest can be marked gone.

    Written with each batch, so a resumed job still knows who it has seen;
    deleted when the snapshot section is done.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint("job", "contact", name="snapshot_member_unique"),
        ]

    def __str__(self) -> str:
        return f"job {self.job_id}: contact {self.contact_id}"


class ImportSource(models.Model):
    """A place checked on a schedule for new files: a folder on this server or an HTTPS URL."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_sources"
    )
    name = models.CharField(max_length=100)
    inbox_folder = models.CharField(
        max_length=500, blank=True, help_text="A folder on the server; each new file is imported."
    )
    url = models.URLField(
        "HTTPS URL", max_length=500, blank=True, help_text="Fetched on each run, imported if new."
    )
    declared_kind = models.CharField(
        "the people in the files are", max_length=16, choices=DeclaredKind.choices, blank=True
    )
    tags = models.ManyToManyField("contacts.Tag", blank=True, related_name="import_sources")
    snapshot = models.BooleanField("files are complete Connections lists", default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_source",
    )
    interval_minutes = models.PositiveIntegerField(default=60)
    enabled = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(inbox_folder="", url=""),
                name="import_source_has_a_place",
                violation_error_message="Give an inbox folder or an HTTPS URL.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportedFile(models.Model):
    """A file a source has taken, by content hash: the unique constraint makes it exactly once."""

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="files")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)
    # The inbox file's size, modification and status-change times and inode when it
    # was taken: a later check passes over a file that still has them without reading
    # it again. A copy over it can keep its size and modification time (cp -p), never
    # its status-change time.
    size = models.BigIntegerField(null=True, blank=True)
    modified_ns = models.BigIntegerField(null=True, blank=True)
    changed_ns = models.BigIntegerField(null=True, blank=True)
    inode = models.BigIntegerField(null=True, blank=True)
    job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint("source", "sha256", name="imported_file_once_per_source"),
        ]

    def __str__(self) -> str:
        return self.name or self.sha256[:12]


class PassedOverFile(models.Model):
    """An inbox file whose content its source took before under another name or time.

    Its name, size, modification and status-change times and inode, as for a
    taken file: a later check passes over it unread while they stay the same,
    and hashes it again once they change.
    """

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="passed_over")
    name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    modified_ns = models.BigIntegerField()
    # Empty for a file passed over before they were kept (migration 0007): read once more.
    changed_ns = models.BigIntegerField(null=True)
    inode = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("source", "name", name="passed_over_file_once_per_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ColumnMapping(models.Model):
    """A column mapping the user confirmed, reused for later files with the same header."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="column_mappings"
    )
    header_signature = models.CharField(max_length=64)
    mapping = models.JSONField(help_text="Column name -> contact field.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "header_signature", name="column_mapping_per_header"),
        ]

    def __str__(self) -> str:
        return f"mapping {self.header_signature[:12]}"

    @staticmethod
    def signature_of(columns: Iterable[str]) -> str:
        """The same for two files whose header holds the same names, ignoring case and order."""
        names = sorted({column.strip().lower() for column in columns if column.strip()})
        return hashlib.sha256("\x1f".join(names).encode()).hexdigest()
