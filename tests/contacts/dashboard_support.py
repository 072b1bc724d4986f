"""What the dashboard's tests share: an import job that has finished."""

from django.core.files.base import ContentFile
from django.utils import timezone

from imports.jobs import create_job
from imports.models import ImportJob


def finished_job(owner, name="Connections.csv", **fields):
    job = create_job(owner, ContentFile(b"rows", name=name))
    fields.setdefault("status", ImportJob.Status.SUCCEEDED)
    fields.setdefault("finished_at", timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job
