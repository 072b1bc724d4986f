"""Per-user rate limits on what costs the server: writes, uploads and exports.

Rates are in settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]); reads are not limited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.views import APIView


class WriteThrottle(UserRateThrottle):
    """Creates, updates and deletes, per user."""

    scope = "writes"

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class UploadThrottle(WriteThrottle):
    """Files sent for import, per user."""

    scope = "uploads"


class ExportThrottle(UserRateThrottle):
    """Whole-list exports, per user (they are reads, but long ones)."""

    scope = "exports"
