"""What the imports API reads and writes: jobs from uploaded files, row errors, sources."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from contacts.api.serializers import TagNamesField
from contacts.models import Tag
from imports.inbox_folders import folder_refusal
from imports.models import DeclaredKind, ImportJob, ImportRowError, ImportSource
from imports.scheduled import SourceUnavailable, inbox_path


class ImportJobSerializer(serializers.ModelSerializer):
    """A job's state and counters, for polling until ``is_finished``."""

    tags = TagNamesField(read_only=True)
    is_finished = serializers.BooleanField(read_only=True)
    progress_percent = serializers.SerializerMethodField(
        help_text="How far through the file or archive member being read, 0 to 100; null for "
        "a failed job, which may have read its file to the end (a header and no rows)."
    )
    error_count = serializers.IntegerField(
        source="failed", read_only=True, help_text="Rows that could not be read."
    )

    class Meta:
        model = ImportJob
        fields = [
            "id", "original_name", "declared_kind", "tags", "snapshot", "source", "status",
            "is_finished", "reason", "warnings", "progress_percent", "section_name", "rows_done",
            "created", "updated", "unchanged", "tagged", "skipped", "error_count", "disconnected",
            "summary", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_progress_percent(self, job: ImportJob) -> int | None:
        # As on the job's page, which shows a failed job no bar: a full one would read as done.
        return None if job.status == ImportJob.Status.FAILED else job.progress_percent


class ImportUploadSerializer(serializers.Serializer):
    """A file to import, sent as multipart/form-data."""

    file = serializers.FileField(
        help_text="A LinkedIn archive (ZIP), Connections.csv or another supported export."
    )
    declared_kind = serializers.ChoiceField(
        choices=DeclaredKind.choices,
        required=False,
        default="",
        help_text="What the people in the file are, when the file does not say it.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        max_length=20,
        help_text="Tag names put on every person in the file (repeat the field for several).",
    )
    snapshot = serializers.BooleanField(
        required=False,
        default=True,
        help_text="A complete Connections list: connections missing from it are marked gone.",
    )
    mapping = serializers.JSONField(
        required=False,
        default=None,
        help_text=(
            "For a CSV or JSON file whose columns the app does not know: a JSON object of "
            'file column -> contact field ({"Person": "full_name", "Org": "company"}). '
            "Remembered for later files of the same columns; without it, the mapping last "
            "confirmed for such files is used, and with none the upload is refused."
        ),
    )

    def validate_mapping(self, value: Any) -> dict[str, str] | None:
        if value is None:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise serializers.ValidationError("Send an object of column name -> field name.")
        return value


class ImportRowErrorSerializer(serializers.ModelSerializer):
    where = serializers.CharField(
        read_only=True, help_text="Where the row is: “Line 7”, or “Item 3” of a JSON array."
    )

    class Meta:
        model = ImportRowError
        fields = ["id", "section", "line", "unit", "where", "reason", "raw"]
        read_only_fields = fields


class ImportSourceSerializer(serializers.ModelSerializer):
    tags = TagNamesField(
        required=False, max_length=20, help_text="Tag names put on everyone it imports."
    )

    class Meta:
        model = ImportSource
        fields = [
            "id", "name", "url", "inbox_folder", "declared_kind", "tags", "snapshot",
            "interval_minutes", "enabled", "last_run_at", "last_result", "created_at",
        ]  # fmt: skip
        read_only_fields = ["last_run_at", "last_result", "created_at"]
        extra_kwargs = {
            "interval_minutes": {"min_value": 5, "max_value": 7 * 24 * 60},
            "inbox_folder": {"help_text": "A folder inside the server's inbox root (staff only)."},
        }

    def validate_url(self, value: str) -> str:
        if value and not value.lower().startswith("https://"):
            raise serializers.ValidationError("Only https:// URLs are fetched.")
        return value

    def validate_inbox_folder(self, value: str) -> str:
        if not value:
            return value
        # A folder on the server can hold anyone's files: only its administrators name one.
        if not self.context["request"].user.is_staff:
            raise serializers.ValidationError("Only staff can import from a server folder.")
        try:
            inbox_path(value)
        except SourceUnavailable as error:
            raise serializers.ValidationError(str(error)) from None
        source_id = self.instance.pk if self.instance else None
        if refusal := folder_refusal(value, self.context["request"].user.pk, source_id):
            raise serializers.ValidationError(f"Not allowed: {refusal}.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        url = attrs.get("url", getattr(self.instance, "url", ""))
        folder = attrs.get("inbox_folder", getattr(self.instance, "inbox_folder", ""))
        if bool(url) == bool(folder):
            raise serializers.ValidationError("Give either an HTTPS URL or an inbox folder.")
        return attrs

    def create(self, validated_data: dict[str, Any]) -> ImportSource:
        names = validated_data.pop("tags", [])
        source = ImportSource.objects.create(owner=self.context["request"].user, **validated_data)
        self._set_tags(source, names)
        return source

    def update(self, instance: ImportSource, validated_data: dict[str, Any]) -> ImportSource:
        names = validated_data.pop("tags", None)
        source = super().update(instance, validated_data)
        if names is not None:
            self._set_tags(source, names)
        return source

    def _set_tags(self, source: ImportSource, names: list[str]) -> None:
        owner = self.context["request"].user
        source.tags.set([Tag.objects.get_or_create_named(owner, name) for name in names])
