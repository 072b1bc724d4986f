"""The contact-list filters, shared by the web list and the REST API.

Build it with the owner's contacts and the request, so that the tag choices
are the owner's own tags:
``ContactFilter(request.GET, queryset=Contact.objects.for_owner(user), request=request)``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OrderBy, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_filters.widgets import BooleanWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from contacts.models import SOURCE_LABELS, Contact, Invitation, Kind, Note, Tag
from contacts.row_ids import row_id
from relations.keep_in_touch import due_condition


class TagIdsField(forms.ModelMultipleChoiceField):
    """Tag ids; one no row could have is "not a valid choice" rather than a database error."""

    def _check_values(self, value: Any) -> QuerySet:
        for pk in value:
            if row_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class TagsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TagIdsField


class TagMode:
    ANY = "any"
    ALL = "all"
    NONE = "none"
    CHOICES = [(ANY, "Any of these tags"), (ALL, "All of these tags"), (NONE, "None of these tags")]


class AnyYesNo(BooleanWidget):
    """A yes/no filter whose empty choice reads "Any" rather than "Unknown".

    A value that is neither (``has_email=maybe``) comes through as it is, for
    ``YesNoField`` to refuse: django-filter's own widget reads it as "any".
    """

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        raw = data.get(name)
        return raw if value is None and isinstance(raw, str) and raw.strip() else value


class YesNoField(forms.NullBooleanField):
    def to_python(self, value: Any) -> bool | None:
        if isinstance(value, str):
            raise forms.ValidationError("Choose yes (true) or no (false), or leave it empty.")
        return value


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class DateInput(forms.DateInput):
    input_type = "date"


_SOURCE_BY_WORDS = {label.lower(): code for code, label in SOURCE_LABELS.items()}


class SuggestingTextInput(forms.TextInput):
    """A text input that offers ``suggestions`` (``{value: label}``) in a ``<datalist>``."""

    def __init__(self, suggestions: dict[str, str], attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        list_id = f"{(attrs or {}).get('id') or name}_suggestions"
        field = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', self.suggestions.items())
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


# Each sort key, as the columns it orders by: the id breaks ties, so pages never
# overlap, and a missing date sorts last whichever the direction.
SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "id"),
    "company": ("company", "id"),
    "connected_on": ("connected_on", "id"),
    "last_interaction": ("last_interaction_at", "id"),
    "added": ("id",),
}
NULLABLE_SORT_COLUMNS = {"connected_on", "last_interaction_at"}


class ContactOrdering(django_filters.OrderingFilter):
    def filter(self, queryset: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return queryset
        order: list[OrderBy] = []
        for param in value:
            descending = param.startswith("-")
            for column in SORT_COLUMNS[param.removeprefix("-")]:
                nulls_last = True if column in NULLABLE_SORT_COLUMNS else None
                expression = F(column)
                order.append(
                    expression.desc(nulls_last=nulls_last)
                    if descending
                    else expression.asc(nulls_last=nulls_last)
                )
        return queryset.order_by(*order)


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, method="filter_kind", label="Kind", empty_label="Any"
    )
    is_connection = YesNoFilter(label="Connection", widget=AnyYesNo)
    is_follower = YesNoFilter(label="Follows me", widget=AnyYesNo)
    is_following = YesNoFilter(label="I follow", widget=AnyYesNo)
    tags = TagsFilter(
        queryset=Tag.objects.none(),
        method="filter_tags",
        label="Tags",
        widget=forms.CheckboxSelectMultiple,
    )
    tag_mode = django_filters.ChoiceFilter(
        choices=TagMode.CHOICES, method="filter_nothing", label="Match", empty_label=None
    )
    company = django_filters.CharFilter(field_name="company", lookup_expr="iexact")
    location = django_filters.CharFilter(field_name="location", lookup_expr="icontains")
    # Two filters, not one DateFromToRangeFilter: its error would be under "connected",
    # a name the user never typed, whichever end was wrong.
    connected_after = django_filters.DateFilter(
        field_name="connected_on",
        lookup_expr="gte",
        label="Connected on or after",
        widget=DateInput,
    )
    connected_before = django_filters.DateFilter(
        field_name="connected_on",
        lookup_expr="lte",
        label="Connected on or before",
        widget=DateInput,
    )
    has_email = YesNoFilter(method="filter_has_email", label="Has email", widget=AnyYesNo)
    has_notes = YesNoFilter(method="filter_has_notes", label="Has notes", widget=AnyYesNo)
    interacted_after = django_filters.DateFilter(
        method="filter_interacted_after", label="Last interaction on or after", widget=DateInput
    )
    interacted_before = django_filters.DateFilter(
        method="filter_interacted_before",
        label="Last interaction before (or never)",
        widget=DateInput,
    )
    invitation = django_filters.ChoiceFilter(
        choices=[c for c in Invitation.choices if c[0]],
        label="Pending invitation",
        empty_label="Any",
    )
    source = django_filters.CharFilter(
        method="filter_source", widget=SuggestingTextInput(SOURCE_LABELS)
    )
    due = YesNoFilter(method="filter_due", label="Due to keep in touch", widget=AnyYesNo)
    ordering = ContactOrdering(
        fields=(
            ("last_name", "name"),
            ("company", "company"),
            ("connected_on", "connected_on"),
            ("last_interaction_at", "last_interaction"),
            ("id", "added"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    @classmethod
    def of_owner(cls, owner: Any, query: str) -> ContactFilter:
        """The filter of a stored query string over ``owner``'s contacts, outside a request."""
        return cls(
            QueryDict(query),
            queryset=Contact.objects.for_owner(owner),
            request=SimpleNamespace(user=owner),
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        owner_tags = Tag.objects.for_owner(user) if user else Tag.objects.none()
        self.filters["tags"].queryset = owner_tags

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """By the source's code ("profiles") or its words as the contact page shows them."""
        wanted = value.strip().lower()
        return queryset.filter(source=_SOURCE_BY_WORDS.get(wanted, wanted))

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.of_kind(value)

    @extend_schema_field(OpenApiTypes.INT)  # the API schema: tag ids, not the M2M's type
    def filter_tags(self, queryset: QuerySet, name: str, tags: list[Tag]) -> QuerySet:
        if not tags:
            return queryset
        mode = self.form.cleaned_data.get("tag_mode") or TagMode.ANY
        if mode == TagMode.ALL:
            return queryset.tagged_all(tags)
        if mode == TagMode.NONE:
            return queryset.not_tagged(tags)
        return queryset.tagged_any(tags)

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # tag_mode only changes how `tags` filters

    def filter_has_email(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(email="") if value else queryset.filter(email="")

    def filter_has_notes(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        has_notes = Exists(Note.objects.filter(contact_id=OuterRef("pk")))
        return queryset.filter(has_notes) if value else queryset.exclude(has_notes)

    def filter_interacted_after(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(last_interaction_at__gte=start_of_day(value))

    def filter_interacted_before(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(
            Q(last_interaction_at__lt=start_of_day(value)) | Q(last_interaction_at__isnull=True)
        )

    def filter_due(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        due = due_condition(user, timezone.now())
        return queryset.filter(due) if value else queryset.exclude(due)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the current time zone, so a range can use an index."""
    return timezone.make_aware(datetime.combine(day, time.min))
