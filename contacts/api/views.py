"""The contacts part of the REST API: contacts, tags, notes and saved lists.

Every queryset starts from the requester (``for_owner``), so another user's
rows are 404 here, and every id a write names is looked up the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, QuerySet
from django.http import QueryDict, StreamingHttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.pagination import SortKey
from contacts.api.serializers import (
    ContactSerializer,
    NoteSerializer,
    SavedListSerializer,
    TagContactsSerializer,
    TagSerializer,
)
from contacts.api.throttles import ExportThrottle
from contacts.exports import WRITERS
from contacts.filters import ContactFilter
from contacts.models import Contact, Note, SavedFilter, Tag
from contacts.row_ids import row_id
from contacts.streaming import stream_writer
from contacts.tagging import add_tag_to_contacts, remove_tag_from_contacts
from contacts.views.export import CONTENT_TYPES as EXPORT_CONTENT_TYPES

ID_PATTERN = r"\d+"
FILE_TYPES = [
    (content_type.split(";")[0], ext) for content_type, ext in EXPORT_CONTENT_TYPES.values()
]
CONTACT_SORT_FIELDS = ContactFilter.base_filters["ordering"].param_map


def contact_sort_key(params: QueryDict) -> SortKey:
    """The order asked for by ``ordering`` (its first field); newest first by default."""
    first = params.get("ordering", "").split(",")[0].strip()
    name = first.removeprefix("-")
    if name not in CONTACT_SORT_FIELDS:
        return SortKey()
    return SortKey(field=CONTACT_SORT_FIELDS[name], descending=first.startswith("-"))


class AnyAccept(BaseContentNegotiation):
    """The export answers with its file whatever the Accept header asks for."""

    def select_parser(self, request: Request, parsers: list[BaseParser]) -> BaseParser:
        return parsers[0]

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type


class ContactViewSet(viewsets.ModelViewSet):
    """Your contacts. The list takes the same filters as the web list."""

    serializer_class = ContactSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ContactFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        return Contact.objects.for_owner(self.request.user).prefetch_related("tags")

    def get_sort_key(self) -> SortKey:
        return contact_sort_key(self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("as", str, enum=list(WRITERS), default="csv", description="File type.")
        ],
        responses={(200, content_type): OpenApiTypes.BINARY for content_type, _ in FILE_TYPES},
    )
    @action(
        detail=False,
        methods=["get"],
        throttle_classes=[ExportThrottle],
        content_negotiation_class=AnyAccept,
    )
    def export(self, request: Request, format: str | None = None) -> StreamingHttpResponse:
        """Every contact matching the list's filters, streamed as CSV, JSON or vCard."""
        file_type = request.query_params.get("as", "csv")
        if file_type not in WRITERS:
            raise ValidationError({"as": [f"Choose one of: {', '.join(WRITERS)}."]})
        contacts = self.filter_queryset(Contact.objects.for_owner(request.user))
        content_type, extension = EXPORT_CONTENT_TYPES[file_type]
        response = StreamingHttpResponse(
            stream_writer(WRITERS[file_type], contacts), content_type=content_type
        )
        filename = f"network-{timezone.localdate():%Y-%m-%d}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class TagViewSet(viewsets.ModelViewSet):
    """Your tags, with how many contacts carry each."""

    serializer_class = TagSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        return Tag.objects.for_owner(self.request.user).annotate(
            contact_count=Count("tagged_contacts")
        )

    def get_sort_key(self) -> SortKey:
        return SortKey(field="name", descending=False)

    @extend_schema(request=TagContactsSerializer, responses=TagSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str, format: str | None = None) -> Response:
        """Put this tag on the given contacts (all must be yours, or nothing changes)."""
        return self._change_contacts(request, add_tag_to_contacts)

    @extend_schema(request=TagContactsSerializer, responses=TagSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str, format: str | None = None) -> Response:
        """Take this tag off the given contacts (all must be yours, or nothing changes)."""
        return self._change_contacts(request, remove_tag_from_contacts)

    def _change_contacts(
        self, request: Request, change: Callable[[Tag, QuerySet], int]
    ) -> Response:
        tag = self.get_object()
        payload = TagContactsSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        ids = [contact.pk for contact in payload.validated_data["contacts"]]
        change(tag, Contact.objects.for_owner(request.user).filter(pk__in=ids))
        return Response(self.get_serializer(self.get_queryset().get(pk=tag.pk)).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("contact", OpenApiTypes.INT, description="Only this contact's notes.")
        ]
    )
)
class NoteViewSet(viewsets.ModelViewSet):
    """Notes on your contacts, newest first."""

    serializer_class = NoteSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        notes = Note.objects.filter(contact__owner_id=self.request.user.pk)
        if self.action == "list" and "contact" in self.request.query_params:
            contact = row_id(self.request.query_params["contact"])
            notes = notes.filter(contact_id=contact) if contact else notes.none()
        return notes


class SavedListViewSet(viewsets.ModelViewSet):
    """Named contact-list filters; ``contacts`` lists who matches one now."""

    serializer_class = SavedListSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        return SavedFilter.objects.filter(owner_id=self.request.user.pk)

    def get_sort_key(self) -> SortKey:
        if self.action == "contacts":
            return contact_sort_key(QueryDict(self.get_object().query))
        return SortKey(field="name", descending=False)

    @extend_schema(responses=ContactSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], serializer_class=ContactSerializer)
    def contacts(self, request: Request, pk: str, format: str | None = None) -> Response:
        saved = self.get_object()
        contact_filter = ContactFilter(
            QueryDict(saved.query),
            queryset=Contact.objects.for_owner(request.user).prefetch_related("tags"),
            request=request,
        )
        if not contact_filter.is_valid():
            # A tag it names was deleted since: showing everyone instead would mislead.
            raise ValidationError(
                {"query": ["This saved list's filters are no longer valid; edit its query."]}
            )
        page = self.paginate_queryset(contact_filter.qs)
        return self.get_paginated_response(ContactSerializer(page, many=True).data)
