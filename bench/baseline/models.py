"""A bare contact table equivalent to the product's for what a follower list fills in."""

from django.conf import settings
from django.db import models


class BareContact(models.Model):
    """The columns, the per-owner profile URL key and the follower fact of ``Contact``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    headline = models.CharField(max_length=500, blank=True)
    company = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    profile_url = models.CharField(max_length=500, blank=True)
    is_follower = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "profile_url", name="bare_contact_unique_url"),
        ]

    def __str__(self) -> str:
        return self.profile_url
