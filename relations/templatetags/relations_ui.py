"""The relationship blocks other pages include: the contact page panel and the dashboard card."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.db.models import QuerySet
from django.utils import timezone

from contacts.models import Contact, Tag
from relations.keep_in_touch import due_contacts, effective_cadence, next_due_at
from relations.timeline import contact_timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def owner_tags(context: dict[str, Any]) -> QuerySet:
    """The signed-in user's tags."""
    return Tag.objects.for_owner(context["request"].user)


@register.inclusion_tag("relations/_contact_panel.html", takes_context=True)
def contact_relations(context: dict[str, Any], contact: Contact) -> dict[str, Any]:
    """Keep in touch, the merge history and the timeline, for the contact page."""
    days, cadence_from = effective_cadence(contact)
    today = timezone.localdate()
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "contact": contact,
        "cadence_days": days,
        "cadence_from": cadence_from,
        "next_due_at": next_due_at(contact),
        "snoozed": contact.snoozed_until is not None and contact.snoozed_until > today,
        "today": today,
        "first_snooze_day": today + timedelta(days=1),
        "timeline": contact_timeline(contact),
        "merges": contact.merges.filter(undone_at__isnull=True),
        "now": timezone.now(),
    }


@register.inclusion_tag("relations/_dashboard_card.html", takes_context=True)
def dashboard_relations(context: dict[str, Any]) -> dict[str, Any]:
    """Who is due, with links to duplicates and the prune queue (the cap card offers it too)."""
    return {"due_count": due_contacts(context["request"].user).count()}
