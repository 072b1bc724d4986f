"""A bulk action too large for one request, run by a worker (see contacts.bulk_jobs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from contacts.models.tags import Tag
from crm.jobs import HasJobStatus, JobStatus


class BulkJob(HasJobStatus, models.Model):
    """A bulk action over every contact matching a filter, too many for one request.

    The worker walks the matching contacts in ascending id, a chunk at a time;
    each chunk's change and the job's checkpoint (``last_id``) commit together,
    so a redelivered or requeued task resumes where the last one stopped.

    Status transitions::

        QUEUED --a worker takes it--> RUNNING --last chunk done--> SUCCEEDED
        RUNNING --its tag deleted meanwhile, an error, or too many attempts--> FAILED
        RUNNING --worker lost, task redelivered or requeued--> RUNNING (resumes)

    For ``MERGE_EMAILS`` the units are groups of contacts sharing an email, not
    contacts: ``total`` and ``done`` count groups, ``changed`` the contacts merged
    away. A resumed merge finds the groups it merged gone.
    """

    class Action(models.TextChoices):
        ADD_TAG = "add_tag", "Add a tag"
        REMOVE_TAG = "remove_tag", "Remove a tag"
        MARK_FOLLOWER = "mark_follower", "Mark as following you"
        MARK_FOLLOWING = "mark_following", "Mark as people you follow"
        DELETE = "delete", "Delete"
        # On the tag's own contacts: ``tag`` moves to ``into_tag``, or goes; then it is deleted.
        MERGE_TAG = "merge_tag", "Merge a tag"
        DELETE_TAG = "delete_tag", "Delete a tag"
        # Every group of contacts sharing an email: the others merge into one (relations).
        MERGE_EMAILS = "merge_emails", "Merge same-email duplicates"

    Status = JobStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulk_jobs"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # The contact list's query string: the job acts on every contact it matches
    # (the tag's contacts, for the tag actions).
    query = models.TextField(blank=True)
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL)
    tag_name = models.CharField(max_length=100, blank=True)
    into_tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    into_tag_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # How many matched when the worker started; None until then.
    total = models.PositiveIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    last_id = models.BigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="bulk_job_unfinished")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("contacts-bulk-job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
