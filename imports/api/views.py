"""The imports part of the REST API: upload a file, poll its job, read its row errors; sources.

Jobs are made and queued by imports.jobs, as the web upload and the command do.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from contacts.api.pagination import SortKey
from contacts.api.throttles import UploadThrottle, WriteThrottle
from imports.api.serializers import (
    ImportJobSerializer,
    ImportRowErrorSerializer,
    ImportSourceSerializer,
    ImportUploadSerializer,
)
from imports.jobs import create_job, enqueue
from imports.models import ImportJob, ImportSource
from imports.previews import MappingRefused, chosen_mapping, needs_mapping, preview_of_upload
from imports.readers.columns import identifies_people
from imports.scheduled import schedule_source

ID_PATTERN = r"\d+"


class ImportJobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your import jobs, newest first. Upload a file to start one, then poll it."""

    serializer_class = ImportJobSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        return ImportJob.objects.for_owner(self.request.user).prefetch_related("tags")

    parser_classes = [MultiPartParser, FormParser]

    def get_throttles(self) -> list[BaseThrottle]:
        if self.action == "create":
            return [WriteThrottle(), UploadThrottle()]
        return super().get_throttles()

    def _column_mapping(self, file: Any, sent: dict[str, str] | None) -> dict[str, str] | None:
        """The mapping a file of unknown columns is read with, as on the web's preview page.

        A follower or profile list whose column names say who each row is
        (``profileUrl``, ``fullName``...) is read by those names, as the command
        reads it; a file of other columns is refused until a mapping is sent.
        """
        file_preview = preview_of_upload(file)
        if not needs_mapping(file_preview):
            return None
        try:
            mapping = chosen_mapping(self.request.user, file_preview, sent)
        except MappingRefused as refused:
            raise ValidationError({"mapping": [str(refused)]}) from None
        if mapping is None and not identifies_people(file_preview.suggested_mapping):
            columns = ", ".join(f"“{column}”" for column in file_preview.columns[:20])
            raise ValidationError(
                {"mapping": [f"Say which of the file's columns holds what ({columns})."]}
            )
        return mapping

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            201: ImportJobSerializer,
            413: OpenApiResponse(description="The file is past MAX_UPLOAD_BYTES; nothing stored."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Upload a file and queue its import; poll the job it returns."""
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        mapping = self._column_mapping(data["file"], data["mapping"])
        with transaction.atomic():
            job = create_job(
                request.user,
                data["file"],
                name=data["file"].name,
                declared_kind=data["declared_kind"],
                tags=data["tags"],
                snapshot=data["snapshot"],
                mapping=mapping,
            )
            enqueue(job)
        job = self.get_queryset().get(pk=job.pk)
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ImportRowErrorSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=ImportRowErrorSerializer)
    def errors(self, request: Request, pk: str, format: str | None = None) -> Response:
        """The rows of this job that could not be imported, in file order."""
        job = self.get_object()
        page = self.paginate_queryset(job.row_errors.all())
        return self.get_paginated_response(ImportRowErrorSerializer(page, many=True).data)

    def get_sort_key(self) -> SortKey:
        """Jobs newest first; a job's row errors in file order."""
        return SortKey(descending=self.action != "errors")


class ImportSourceViewSet(viewsets.ModelViewSet):
    """Places checked on a schedule for new files to import: an HTTPS URL or a server folder."""

    serializer_class = ImportSourceSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        return ImportSource.objects.filter(owner_id=self.request.user.pk).prefetch_related("tags")

    def perform_create(self, serializer: ImportSourceSerializer) -> None:
        with transaction.atomic():
            schedule_source(serializer.save())

    def perform_update(self, serializer: ImportSourceSerializer) -> None:
        with transaction.atomic():
            schedule_source(serializer.save())
