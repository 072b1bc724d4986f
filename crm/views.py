from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
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
