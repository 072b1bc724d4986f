"""Per-user rate limits on what costs the server: writes, uploads and exports.

Rates are in settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]); reads are not limited.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from redis.exceptions import RedisError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)


class CheckedWhileTheCacheAnswers(UserRateThrottle):
    """A per-user rate that lets requests through, with a warning, while Redis is down.

    The counts live in the cache (Redis). The work itself needs only the database:
    an upload is stored as a queued job that the sweeper sends once the broker is
    back. Refusing it with a server error would lose the user's request for want
    of a counter.
    """

    def allow_request(self, request: Request, view: APIView | None) -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError as error:
            logger.warning("The %s rate limit was not checked: %s", self.scope, error)
            return True


class WriteThrottle(CheckedWhileTheCacheAnswers):
    """Creates, updates and deletes, per user."""

    scope = "writes"

    def allow_request(self, request: Request, view: APIView | None) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class UploadThrottle(WriteThrottle):
    """Files sent for import, per user."""

    scope = "uploads"


class ExportThrottle(CheckedWhileTheCacheAnswers):
    """Whole-list exports, per user (they are reads, but long ones)."""

    scope = "exports"
