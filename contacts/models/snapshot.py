"""The dashboard's stored figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NetworkSnapshot(models.Model):
    """The dashboard's figures for one owner, as last computed.

    At a million contacts the figures take seconds to compute, so a worker
    computes them (contacts.tasks.refresh_network_figures) and the page shows the
    stored ones. ``refresh_requested_at`` is when a refresh was last sent to the
    worker and is cleared when it is done, so two page views do not send two.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="network_snapshot",
    )
    figures = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Figures of {self.owner_id} as of {self.computed_at}"
