"""The upload size cap, enforced while a request streams in, before any file is stored.

Two checks, both against ``settings.MAX_UPLOAD_BYTES``:

- ``UploadLimitMiddleware`` refuses a multipart request whose declared length
  is past the cap (plus room for the form's other fields) without reading it;
- ``SizeCappedUploadHandler``, first in ``FILE_UPLOAD_HANDLERS``, counts each
  file's bytes as they arrive and stops the upload at the first chunk past
  the cap, so the handlers after it (memory, temporary file) never hold more
  than the cap, and Django deletes what they held.

Any other API request past ``DATA_UPLOAD_MAX_MEMORY_SIZE``, the most Django reads
of a body without a file, is refused here with JSON saying why; past this point
it would get the web's HTML page of a request that could not be read.

The middleware parses multipart bodies itself, before CSRF checks and views,
so a refused upload gets the same clear answer everywhere: a page for the web
and JSON for the API, both HTTP 413. Django keeps the parsed form, and Django
REST framework reuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

# The form fields sent beside the file (token, kind, tags) fit well in this.
FORM_ALLOWANCE_BYTES = 1024 * 1024
REFUSAL_ATTRIBUTE = "upload_refusal"


def file_size(size: int) -> str:
    """A size as people write it: "200 MB" and "1.5 MB", not filesizeformat's "200.0 MB"."""
    return filesizeformat(size).replace(".0\xa0", "\xa0")


def too_large_message(name: str = "") -> str:
    """What the user reads when a file is past the cap."""
    limit = file_size(settings.MAX_UPLOAD_BYTES)
    what = f"“{name}”" if name else "The file"
    return f"{what} is larger than the {limit} upload limit, so nothing was stored."


def too_large_body_message() -> str:
    """What an API client reads when a request without a file is past Django's form limit."""
    limit = file_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return (
        f"The request is larger than the {limit} limit of a request without a file, "
        "so it was not read. Send a file to import as multipart/form-data."
    )


class UploadTooLarge(StopUpload):
    """A file went past the cap; Django stops parsing and drops the files it held."""

    def __init__(self, message: str) -> None:
        super().__init__(connection_reset=False)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SizeCappedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes and stops the upload past MAX_UPLOAD_BYTES."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            message = too_large_message(self.file_name or "")
            setattr(self.request, REFUSAL_ATTRIBUTE, message)
            raise UploadTooLarge(message)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        # The next handler (memory or temporary file) builds the uploaded file.
        return None


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "upload_too_large"}, status=413)
    return render(request, "uploads/too_large.html", {"message": message}, status=413)


class UploadLimitMiddleware:
    """Answers 413 with a clear message for an upload past the cap; passes the rest on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            if _declared_length(request) > settings.MAX_UPLOAD_BYTES + FORM_ALLOWANCE_BYTES:
                return _refused(request, too_large_message())
            request.FILES  # noqa: B018 -- parse now, so the handler's refusal is seen here
            message = getattr(request, REFUSAL_ATTRIBUTE, None)
            if message:
                return _refused(request, message)
        elif request.path.startswith("/api/") and (
            _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        ):
            return JsonResponse(
                {"detail": too_large_body_message(), "code": "request_too_large"}, status=413
            )
        return self.get_response(request)
