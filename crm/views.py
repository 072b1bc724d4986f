from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contacts.row_ids import row_id
from crm.health import health_report


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, broker and worker status; 503 when any of them is down."""
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def admin_view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    """The admin's "View on site" link, for a row the signed-in user may open in the admin.

    Django's own redirects for any row of any model, and answers 404 only for an id
    that is not there: a staff user could learn which of other users' ids exist.
    """
    content_type = ContentType.objects.filter(pk=row_id(content_type_id)).first()
    model = content_type.model_class() if content_type else None
    if model is None or not admin.site.is_registered(model):
        raise Http404("No such row.")
    model_admin = admin.site.get_model_admin(model)
    # get_object reads the admin's queryset: a staff user's own rows, any row for a superuser.
    shown = model_admin.get_object(request, object_id) is not None
    if not (shown and model_admin.has_view_or_change_permission(request)):
        raise Http404("No such row.")
    return shortcut(request, content_type.pk, object_id)


# Django's error pages for the REST API's addresses, which a script reads as JSON:
# an id that is not a number (/api/v1/contacts/abc/), an address the API does not
# have, a request Django refuses before any view, or a server error.
API_ERRORS = {
    400: "Bad request: the server could not read it.",
    404: "Not found: the API has no such address. Ids are numbers; the endpoints are "
    "listed at /api/v1/ and described at /api/schema/.",
    500: "Server error: the request was not completed, and the error was logged.",
}


def _api_error(request: HttpRequest, status: int) -> JsonResponse | None:
    if not request.path.startswith("/api/"):
        return None
    return JsonResponse({"detail": API_ERRORS[status]}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_error(request, 400) or defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_error(request, 404) or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return _api_error(request, 500) or defaults.server_error(request)
