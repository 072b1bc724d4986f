"""What a contact's hand-edited values must be: one rule for the edit form and the API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

_WEB_ADDRESS = URLValidator(schemes=["http", "https"])
_TAG_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# The dates of facts that have happened; a day's grace for the time zones.
PAST_DATES = ("connected_on", "disconnected_on", "followed_me_on", "following_since")


def clean_website(raw: str) -> str:
    """The address as stored, ``https://`` added when it has none; raises ValidationError."""
    website = raw.strip()
    if not website:
        return ""
    if "://" not in website:
        website = f"https://{website}"
    try:
        _WEB_ADDRESS(website)
    except ValidationError:
        raise ValidationError(
            "Enter a web address such as https://example.org/ (http and https only)."
        ) from None
    return website


def is_web_address(value: str) -> bool:
    """Whether a stored address may be a link (on a page, in a vCard): only http and https."""
    return str(value).lower().startswith(("http://", "https://"))


def is_tag_colour(value: str) -> bool:
    """Whether ``value`` is a tag colour as stored: ``#rrggbb``."""
    return bool(_TAG_COLOUR.fullmatch(value))


def relationship_date_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with the relationship dates in ``values``, by field; {} when nothing."""
    latest = timezone.localdate() + timedelta(days=1)
    errors = {
        name: "This date is in the future."
        for name in PAST_DATES
        if (values.get(name) or latest) > latest
    }
    connected, disconnected = values.get("connected_on"), values.get("disconnected_on")
    if "disconnected_on" in errors or not disconnected:
        return errors
    if values.get("is_connection"):
        errors["disconnected_on"] = (
            "A current connection has not ended: untick “Connection” or clear this date."
        )
    elif connected and disconnected < connected:
        errors["disconnected_on"] = "The connection cannot end before it began."
    return errors
