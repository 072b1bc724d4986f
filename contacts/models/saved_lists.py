"""Saved lists: a named contact-list filter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class SavedFilter(models.Model):
    """A named contact-list filter: the query string of the list page."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(max_length=100)
    query = models.TextField(blank=True, help_text="The list page's query string.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "saved list"
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="saved_filter_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
