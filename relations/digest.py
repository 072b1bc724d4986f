"""The daily keep-in-touch e-mail: one per user per day, only when someone is due.

Each mail carries a signed one-click unsubscribe link, so it works from any
mail client without signing in; the setting is also on the due page.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from relations.keep_in_touch import due_contacts
from relations.models import DigestPreference

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "relations.digest.unsubscribe"
LISTED_IN_DIGEST = 20


def preference_for(user: AbstractBaseUser) -> DigestPreference:
    preference, _ = DigestPreference.objects.get_or_create(user=user)
    return preference


def unsubscribe_token(user: AbstractBaseUser) -> str:
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_by_token(token: str) -> AbstractBaseUser | None:
    """Turn the digest off for the user the token names; None for a token that is not ours."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)["user"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        DigestPreference.objects.update_or_create(user=user, defaults={"send_digest": False})
    return user


def _claim_today(user: AbstractBaseUser, today: object) -> bool:
    """Mark today's digest as sent for ``user``; False when it already was, or is turned off."""
    preference_for(user)
    claimed = (
        DigestPreference.objects.filter(user=user, send_digest=True)
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=today))
        .update(last_sent_on=today)
    )
    return claimed == 1


def send_digest(user: AbstractBaseUser, now: datetime) -> bool:
    """Send ``user`` today's digest if someone is due and none went out today."""
    if not user.email:
        return False
    due = due_contacts(user, now)
    count = due.count()
    if not count:
        return False
    # The claim and the send share a transaction: a mail server that fails
    # rolls the claim back, so the next run tries again.
    with transaction.atomic():
        if not _claim_today(user, timezone.localdate(now)):
            return False
        context = {
            "user": user,
            "count": count,
            "contacts": list(due[:LISTED_IN_DIGEST]),
            "site_url": settings.SITE_URL,
            "due_url": settings.SITE_URL + reverse("relations-due"),
            "unsubscribe_url": settings.SITE_URL
            + reverse("relations-unsubscribe", args=[unsubscribe_token(user)]),
        }
        plural = "s" if count != 1 else ""
        message = EmailMultiAlternatives(
            subject=f"{count} contact{plural} to keep in touch with",
            body=render_to_string("relations/digest_email.txt", context),
            to=[user.email],
            headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
        )
        message.attach_alternative(
            render_to_string("relations/digest_email.html", context), "text/html"
        )
        message.send()
    return True


def send_due_digests(now: datetime | None = None) -> int:
    """Send every subscribed user with an e-mail address today's digest; returns how many."""
    now = now or timezone.now()
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(digest_preference__send_digest=False)
        .order_by("pk")
    )
    sent = 0
    for user in users.iterator():
        try:
            sent += send_digest(user, now)
        except OSError:
            # One unreachable mail server must not stop the others' digests.
            log.exception("the keep-in-touch digest for user %s was not sent", user.pk)
    return sent
