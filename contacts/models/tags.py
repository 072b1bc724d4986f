"""Tags: one user's labels, and the dated links that put them on contacts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Now
from django.utils.text import slugify
from taggit.models import ItemBase, TagBase

from contacts.models.contact import Contact
from contacts.querysets import TagQuerySet


class Tag(TagBase):
    """A label one user puts on contacts; names are unique per user, ignoring case."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_tags"
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    colour = models.CharField(max_length=7, default="#64748b")
    keep_in_touch_days = models.PositiveSmallIntegerField(
        "keep in touch every (days)",
        null=True,
        blank=True,
        help_text="Contacts with this tag are due after this many days without an interaction.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="tag_unique_name_per_owner"),
            models.UniqueConstraint("owner", "slug", name="tag_unique_slug_per_owner"),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = self.name.strip()
        if not self.slug:
            self.slug = self._unique_slug_for_owner()
        super().save(*args, **kwargs)

    def _unique_slug_for_owner(self) -> str:
        # taggit would make slugs unique across all users, which tells one
        # user that another has a tag of that name; keep it per owner.
        base = slugify(self.name, allow_unicode=True)[:90] or "tag"
        taken = set(
            Tag.objects.filter(owner_id=self.owner_id, slug__startswith=base).values_list(
                "slug", flat=True
            )
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug


class TaggedContact(ItemBase):
    """The through table of contact tags: which contact carries which tag, since when.

    ``tagged_at`` puts "Tagged …" on the contact's timeline, so a bulk tag
    writes one row per contact here and nothing else. There are no foreign key
    constraints in the database: checking them row by row doubled the time of
    tagging a million contacts (16 s of 58 s; docs/benchmarks.md). The links
    are kept whole by Django instead: every delete of a contact or a tag goes
    through the ORM's cascade or ``contacts.bulk.delete_contacts``, which
    delete the links in the same transaction, and links are only written from
    contacts and tags of one owner selected in the same statement. A link
    written while its contact is being deleted can still outlive it; an hourly
    sweep (``contacts.tagging.drop_orphan_links``) removes such links.
    """

    # Indexed by the two composite indexes below, not one each: a bulk tag of
    # a million contacts pays for every index on every row.
    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="tagged_contacts",
        db_index=False,
        db_constraint=False,
    )
    content_object = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="tagged_items",
        db_index=False,
        db_constraint=False,
    )
    tagged_at = models.DateTimeField(db_default=Now(), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("content_object", "tag", name="tagged_contact_unique"),
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_contact_by_tag")]
