"""The admin for import jobs and scheduled sources, each user seeing only their own."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from contacts.admin import OwnedAdmin
from contacts.models import Tag
from imports.forms import SourceAdminForm
from imports.models import ImportedFile, ImportJob, ImportRowError, ImportSource
from imports.scheduled import schedule_source


class OwnedTagsMixin:
    """Offers only the signed-in user's tags in a ``tags`` many-to-many field."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "tags" and not request.user.is_superuser:
            kwargs["queryset"] = Tag.objects.for_owner(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ImportRowErrorInline(admin.TabularInline):
    model = ImportRowError
    extra = 0
    max_num = 0
    fields = ["section", "where", "reason", "raw"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).order_by("id")


@admin.register(ImportJob)
class ImportJobAdmin(OwnedTagsMixin, OwnedAdmin):
    list_display = [
        "__str__", "status", "declared_kind", "created", "updated", "unchanged", "tagged",
        "skipped", "failed", "disconnected", "created_at", "finished_at",
    ]  # fmt: skip
    list_filter = ["status", "declared_kind"]
    search_fields = ["original_name"]
    readonly_fields = [
        "file", "original_name", "status", "reason", "warnings", "created", "updated",
        "unchanged", "tagged", "skipped", "failed", "disconnected", "rows_done", "bytes_done",
        "bytes_total", "section_name", "checkpoint_section", "checkpoint_items", "attempts",
        "heartbeat_at", "created_at", "started_at", "finished_at", "summary", "source",
    ]  # fmt: skip
    exclude = ["column_mapping"]
    inlines = [ImportRowErrorInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a job starts from an upload, the API or the command, with its file

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # what a job is and did is its record: changing it would change nothing


class ImportedFileInline(admin.TabularInline):
    model = ImportedFile
    extra = 0
    max_num = 0
    fields = ["name", "sha256", "job", "imported_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(ImportSource)
class ImportSourceAdmin(OwnedTagsMixin, OwnedAdmin):
    form = SourceAdminForm
    list_display = [
        "name",
        "inbox_folder",
        "url",
        "declared_kind",
        "enabled",
        "last_run_at",
        "last_result",
    ]
    list_filter = ["enabled", "declared_kind"]
    search_fields = ["name"]
    readonly_fields = ["periodic_task", "last_run_at", "last_result", "created_at"]
    inlines = [ImportedFileInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        schedule_source(form.instance)


class SuperuserPeriodicTaskAdmin(PeriodicTaskAdmin):
    """Celery beat's entries, for superusers only.

    An entry of every user's source is there (its name and id), and from this
    page a staff user could run, pause or delete another user's source.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, SuperuserPeriodicTaskAdmin)
