"""Template helpers shared by every page: navigation, optional links, query strings."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from contacts.validation import is_web_address
from crm import uploads

register = template.Library()


@register.simple_tag
def url_if_exists(url_name: str, *args: Any) -> str:
    """The URL named ``url_name``, or "" while no app provides it yet."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def nav_link(context: dict[str, Any], url_name: str, label: str, section: str) -> str:
    """A main-navigation link, marked as the current page when the view is in ``section``."""
    url = url_if_exists(url_name)
    if not url:
        return ""
    match = getattr(context.get("request"), "resolver_match", None)
    current_name = (match.url_name or "") if match else ""
    current = current_name == section or current_name.startswith(f"{section}-")
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with ``changes`` applied; an empty value removes a key.

    Changing anything but the page goes back to the first page.
    """
    params: QueryDict = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        params.pop(key, None)
        if value not in ("", None):
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def initials(name: str) -> str:
    """Up to two initials for an avatar."""
    return "".join(part[0] for part in str(name).split()[:2]) or "?"


@register.filter
def safe_colour(value: str) -> str:
    """A tag colour fit for a style attribute: a #rrggbb value, else the default grey."""
    text = str(value)
    if len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:]):
        return text
    return "#64748b"


@register.filter
def file_size(size: int) -> str:
    """A number of bytes as "200 MB" or "1.5 MB"."""
    return uploads.file_size(size)


@register.filter
def is_http_url(value: str) -> bool:
    """Whether a stored address may be rendered as a link: only http and https ever are."""
    return is_web_address(value)


@register.filter
def milestone(percent: int) -> int:
    """A job's percent rounded down to a quarter: how far a screen reader is told it is."""
    return int(percent) // 25 * 25
