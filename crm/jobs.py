"""What every background job row shares: an import, a duplicate scan, a bulk action."""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


class HasJobStatus:
    """``is_finished`` for a model whose ``status`` is a ``JobStatus``."""

    status: str

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
