"""The contact list's table rows, rendered in Python.

Fifty rows of a dozen values each cost the template engine about 8 ms a page
(a lookup, a filter call and an escape per value, an inner loop per row), and
``format_html`` still about 5 ms; plain ``str.format`` with every value passed
through ``escape`` (the standard library's, which Django's wraps) under 2 ms,
a third of it the ``reverse()`` of each row's link, now made once a page. The
markup is the same the template wrote, without the whitespace between tags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from contacts.models import Contact
from contacts.templatetags.contacts_ui import initials, safe_colour

if TYPE_CHECKING:
    from contacts.views.list import TagLink

register = template.Library()

# Every {} below is filled with an escaped value or with markup built here.
ROW = (
    "<tr>"
    '<td class="select">'
    '<input type="checkbox" name="ids" value="{pk}" aria-label="Select {name}"></td>'
    '<td class="text-column"><div class="person">'
    '<span class="avatar" aria-hidden="true">{initials}</span>'
    '<div style="min-width:0"><a class="person__name" href="{url}" hx-boost="false">{name}</a>'
    ' <span class="badge badge--{kind} person__kind">{kind_label}</span>'
    "{headline}</div></div></td>"
    '<td class="kind-column"><span class="badge badge--{kind}">{kind_label}</span></td>'
    '<td data-label="Company" class="text-column">{company}{position}</td>'
    '<td data-label="Connected" class="nowrap">{connected}</td>'
    '<td data-label="Last interaction" class="nowrap">{last_interaction}</td>'
    "<td>{tags}</td>"
    "</tr>\n"
)
SUB = '<div class="person__sub">{}</div>'
# A value the contact has not: a dash in the table, left out of a phone's row card.
NO_VALUE = '<span class="no-value">—</span>'
TIME = '<time datetime="{}">{}</time>'
TAG = '<li><a class="tag" style="--tag-colour: {}" href="?tags={}">{}</a></li>'


@register.simple_tag
def contact_rows(contacts: Iterable[Contact]) -> SafeString:
    """One ``<tr>`` per contact, with its ``tag_list`` (see ``attach_tags``)."""
    detail_url = detail_url_maker()
    return mark_safe("".join(contact_row(contact, detail_url) for contact in contacts))


def detail_url_maker() -> Callable[[int], str]:
    """``Contact.get_absolute_url`` for a page of rows: one ``reverse()``, not one a row.

    The URL is reversed once around a marker id, then each row's id takes its place.
    """
    marker = 987654321
    before, after = reverse("contacts-detail", args=[marker]).split(str(marker))
    return lambda pk: f"{before}{int(pk)}{after}"


def contact_row(contact: Contact, detail_url: Callable[[int], str]) -> str:
    name = str(contact)
    return ROW.format(
        pk=int(contact.pk),
        name=escape(name),
        initials=escape(initials(name)),
        url=escape(detail_url(contact.pk)),
        headline=SUB.format(escape(contact.headline)) if contact.headline else "",
        kind=escape(str(contact.kind)),
        kind_label=escape(str(contact.get_kind_display())),
        company=escape(contact.company) if contact.company else NO_VALUE,
        position=SUB.format(escape(contact.position)) if contact.position else "",
        connected=day(contact.connected_on),
        last_interaction=day(contact.last_interaction_at),
        tags=tag_links(contact.tag_list),
    )


def day(value: date | datetime | None) -> str:
    """The day in the current time zone, in a <time>, as ``|date:"j M Y"`` shows it; else a dash."""
    if not value:
        return NO_VALUE
    local = template_localtime(value)
    # Django's date format codes: j is the day, M the month's translated
    # abbreviation title-cased, Y the zero-padded year; "c" and "Y-m-d" are isoformat().
    shown = f"{local.day} {MONTHS_3[local.month].title()} {local.year:04d}"
    return TIME.format(local.isoformat(), escape(shown))


def tag_links(tags: list[TagLink]) -> str:
    if not tags:
        return ""
    links = "".join(TAG.format(safe_colour(t.colour), int(t.pk), escape(t.name)) for t in tags)
    return f'<ul class="tag-list" aria-label="Tags">{links}</ul>'
