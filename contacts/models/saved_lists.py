"""Saved lists: a named contact-list filter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.http import QueryDict

from contacts.models.tags import Tag


class SavedFilterQuerySet(models.QuerySet):
    def naming_tag(self, tag: Tag) -> list[SavedFilter]:
        """The tag owner's saved lists whose filter names ``tag``."""
        owned = self.filter(owner_id=tag.owner_id)
        return [saved for saved in owned if str(tag.pk) in saved.tag_ids()]

    def follow_merged_tag(self, source: Tag, target: Tag) -> int:
        """Point the lists naming ``source`` at ``target``, which takes its contacts.

        Returns how many lists changed.
        """
        lists = self.naming_tag(source)
        for saved in lists:
            saved.replace_tag(source, target)
        return len(lists)


class SavedFilter(models.Model):
    """A named contact-list filter: the query string of the list page."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(max_length=100)
    query = models.TextField(blank=True, help_text="The list page's query string.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SavedFilterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "saved list"
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="saved_filter_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def tag_ids(self) -> list[str]:
        """The tag ids the filter names, as written in its query."""
        return QueryDict(self.query).getlist("tags")

    def replace_tag(self, old: Tag, new: Tag) -> None:
        """Filter by ``new`` where the list filtered by ``old``; each tag named once."""
        params = QueryDict(self.query, mutable=True)
        replaced = [str(new.pk) if pk == str(old.pk) else pk for pk in params.getlist("tags")]
        params.setlist("tags", list(dict.fromkeys(replaced)))
        self.query = params.urlencode()
        self.save(update_fields=["query", "updated_at"])
