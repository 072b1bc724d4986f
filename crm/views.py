from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm.health import health_report


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, broker and worker status; 503 when any of them is down."""
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
