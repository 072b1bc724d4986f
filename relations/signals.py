"""Interactions and tag changes that happen one contact at a time, wherever they are made."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from contacts.models import Contact, Note, Tag, TaggedContact
from relations.keep_in_touch import record_interaction
from relations.timeline import record_untagging


@receiver(post_save, sender=Note)
def count_a_new_note_as_an_interaction(
    sender: type[Note], instance: Note, created: bool, **kwargs: Any
) -> None:
    # Imported notes are bulk-created and send no signal: only a note written now resets the clock.
    if created and not kwargs.get("raw"):
        record_interaction(instance.contact, instance.created_at)


@receiver(m2m_changed, sender=TaggedContact)
def record_removed_tags_on_the_timeline(
    sender: type[TaggedContact],
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    # taggit's contact.tags.remove()/clear() announce the change before making it;
    # an added tag is on the timeline through its link's date.
    if action not in ("pre_remove", "pre_clear"):
        return
    if reverse or not isinstance(instance, Contact):
        return
    tags = Tag.objects.filter(owner_id=instance.owner_id)
    if action == "pre_clear":
        tags = tags.filter(tagged_contacts__content_object=instance)
    else:
        tags = tags.filter(pk__in=pk_set or ())
    contacts = Contact.objects.filter(pk=instance.pk)
    for tag in tags:
        record_untagging(tag, contacts)
