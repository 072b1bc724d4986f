"""Personal API tokens: named, shown once when created, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

TOKEN_PREFIX = "crm_"
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Room for every script and device one person runs, not for a loop that creates them.
TOKENS_PER_USER = 50


def hash_token(plaintext: str) -> str:
    """The stored form of a token. Tokens are 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_owner(self, user: AbstractBaseUser) -> ApiTokenQuerySet:
        return self.filter(owner_id=user.pk)

    def limit_refusal(self, owner: AbstractBaseUser) -> str:
        """Why ``owner`` may not have another token, in words; "" when they may."""
        if self.for_owner(owner).count() < TOKENS_PER_USER:
            return ""
        return (
            f"You have {TOKENS_PER_USER} tokens, the most an account can hold: "
            "revoke one you no longer use, then create this one."
        )

    def issue(self, owner: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
        """A new token for ``owner`` and its plaintext, which is stored nowhere and shown once."""
        plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = self.create(
            owner=owner,
            name=name.strip(),
            prefix=plaintext[: len(TOKEN_PREFIX) + 6],
            key_hash=hash_token(plaintext),
        )
        return token, plaintext

    def find_active(self, plaintext: str) -> ApiToken | None:
        """The token whose plaintext this is, with an active owner; None for anything else."""
        return (
            self.select_related("owner")
            .filter(key_hash=hash_token(plaintext), owner__is_active=True)
            .first()
        )


class ApiToken(models.Model):
    """A secret a script sends as ``Authorization: Bearer <token>``; deleting it revokes it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What uses this token, e.g. “nightly sync”.")
    prefix = models.CharField(max_length=16, editable=False, help_text="Tells tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def record_use(self) -> None:
        """Note that the token was used now, at most once a minute."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
