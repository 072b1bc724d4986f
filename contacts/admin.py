"""The admin: superusers see everything; other staff see and change only their own rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as confirm_and_delete
from django.contrib.admin.helpers import ActionForm
from django.core.paginator import Paginator
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from taggit.models import Tag as TaggitTag

from contacts.bulk import delete_contacts
from contacts.bulk_jobs import IN_REQUEST_LIMIT, too_many_for_a_request
from contacts.counting import capped_count
from contacts.forms import (
    ContactAdminForm,
    SavedFilterAdminForm,
    TagAdminForm,
    TaggedContactFormSet,
)
from contacts.models import Contact, Note, SavedFilter, Tag, TaggedContact
from contacts.paging import COUNT_CAP
from contacts.querysets import KIND_FILTERS
from contacts.row_ids import row_id
from contacts.tagging import add_tag_to_contacts, remove_tag_from_contacts


def owner_of(request: HttpRequest) -> Any:
    return request.user


class CappedCountPaginator(Paginator):
    """Counts no further than ``COUNT_CAP`` rows; a changelist then pages as far as that.

    A full COUNT(*) of a million contacts took 0.7 s on every page of the changelist;
    counting the first ``COUNT_CAP`` matches takes milliseconds. The templates say
    "more than" when there are more (``more_than_counted``).
    """

    COUNT_CAP = COUNT_CAP  # the contact list's cap: "10,000+" there, "more than 10,000" here

    @cached_property
    def _counted(self) -> int:
        return capped_count(self.object_list, self.COUNT_CAP)

    @property
    def count(self) -> int:
        return min(self._counted, self.COUNT_CAP)

    @property
    def more_than_counted(self) -> bool:
        return self._counted > self.COUNT_CAP


class OwnedAdmin(admin.ModelAdmin):
    """Scopes a model with an ``owner`` path to the signed-in staff user, unless superuser."""

    owner_path = "owner"
    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.owner_path: request.user})

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.owner_path == "owner":
            excluded.append("owner")
        return excluded

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        # Whose row a new one is, for the form's checks (contacts.forms.OwnedRowForm).
        return type(form.__name__, (form,), {"signed_in": request.user})

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        if self.owner_path == "owner" and not getattr(obj, "owner_id", None):
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            if db_field.related_model is Contact:
                kwargs["queryset"] = Contact.objects.for_owner(request.user)
            elif db_field.related_model is Tag:
                kwargs["queryset"] = Tag.objects.for_owner(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(kind, kind.capitalize()) for kind in KIND_FILTERS]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in KIND_FILTERS:
            return queryset.of_kind(self.value())
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[int, str]]:
        tags = (
            Tag.objects.all() if request.user.is_superuser else Tag.objects.for_owner(request.user)
        )
        return [(tag.pk, tag.name) for tag in tags.order_by("name")[:100]]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        tag_id = row_id(self.value())
        if tag_id is not None:
            return queryset.tagged_any([tag_id])
        return queryset


class CompanyFilter(admin.SimpleListFilter):
    """The 30 most common companies among the latest ``SAMPLE`` contacts this user may see.

    Grouping all of a million contacts by company took 0.8 s on every changelist page;
    the latest few thousand show the companies that matter now. Choosing one filters
    every contact, not only the sample.
    """

    title = "company"
    parameter_name = "company"
    SAMPLE = 5_000

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        latest = model_admin.get_queryset(request).order_by("-id").values("id")[: self.SAMPLE]
        companies = (
            Contact.objects.filter(id__in=latest)
            .exclude(company="")
            .values("company")
            .annotate(n=Count("id"))
            .order_by("-n")[:30]
        )
        return [(row["company"], row["company"]) for row in companies]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(company=self.value())
        return queryset


class TagActionForm(ActionForm):
    tag_name = forms.CharField(required=False, label="Tag", max_length=100)


class TaggedContactInline(admin.TabularInline):
    model = TaggedContact
    formset = TaggedContactFormSet
    fk_name = "content_object"
    extra = 0
    verbose_name = "tag"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "tag" and not request.user.is_superuser:
            kwargs["queryset"] = Tag.objects.for_owner(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NoteInline(admin.StackedInline):
    model = Note
    extra = 0


@admin.register(Contact)
class ContactAdmin(OwnedAdmin):
    form = ContactAdminForm
    list_display = ["__str__", "kind_label", "company", "position", "connected_on", "email"]
    list_filter = [KindFilter, TagFilter, CompanyFilter, "invitation"]
    search_fields = ["search_text"]  # name, company, headline, position, email: see below
    exclude = ["tags"]
    readonly_fields = ["slug", "created_at", "updated_at"]
    inlines = [TaggedContactInline, NoteInline]
    action_form = TagActionForm
    actions = ["add_tag", "remove_tag", "delete_selected"]
    list_per_page = 50
    # Only columns an index orders for the owner: sorting a million rows by position
    # or email took seconds.
    sortable_by = ["company", "connected_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        contacts = super().get_queryset(request)
        if request.user.is_superuser:
            return contacts
        return contacts.no_newer_than_newest_of(request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # search_text holds the search_fields, lower-cased, under a trigram index; six
        # UPPER(...) LIKE tests, one per column, read every row.
        return queryset.search(search_term), False

    @admin.action(description="Delete the selected contacts", permissions=["delete"])
    def delete_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Django's confirm-then-delete, for as many contacts as a request can delete.

        Django's own loads every selected contact and lists each with its related rows:
        a selection of a million did not render in two minutes.
        """
        if too_many_for_a_request(queryset):
            self.message_user(
                request,
                f"More than {IN_REQUEST_LIMIT:,} contacts selected: delete them from the "
                "contact list (select them there, then Delete), which works in the background.",
                messages.ERROR,
            )
            return None
        return confirm_and_delete(self, request, queryset)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        if not isinstance(objs, QuerySet):
            return super().get_deleted_objects(objs, request)
        # The selection's confirmation: how many, not each one with its tags and notes.
        count = objs.count()
        perms_needed = set() if self.has_delete_permission(request) else {"contacts"}
        summary = [f"{count:,} contacts, with their tags, notes and history"]
        return summary, {"contacts": count}, perms_needed, []

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        delete_contacts(queryset)

    @admin.display(description="kind")
    def kind_label(self, contact: Contact) -> str:
        return contact.get_kind_display()

    def _tag_from_action(self, request: HttpRequest, owner: Any) -> Tag | None:
        name = request.POST.get("tag_name", "").strip()
        if not name:
            self.message_user(request, "Type a tag name next to the action.", messages.ERROR)
            return None
        return Tag.objects.get_or_create_named(owner, name)

    @admin.action(description="Add the tag to the selected contacts")
    def add_tag(self, request: HttpRequest, queryset: QuerySet) -> None:
        added = 0
        for owner_id in queryset.values_list("owner", flat=True).distinct():
            owner = queryset.filter(owner_id=owner_id).first().owner
            tag = self._tag_from_action(request, owner)
            if tag is None:
                return
            added += add_tag_to_contacts(tag, queryset.filter(owner_id=owner_id))
        self.message_user(request, f"Tagged {added} contacts.", messages.SUCCESS)

    @admin.action(description="Remove the tag from the selected contacts")
    def remove_tag(self, request: HttpRequest, queryset: QuerySet) -> None:
        name = request.POST.get("tag_name", "").strip()
        tags = Tag.objects.filter(owner__in=queryset.values("owner")).named([name])
        removed = sum(remove_tag_from_contacts(tag, queryset) for tag in tags)
        self.message_user(request, f"Removed the tag from {removed} contacts.", messages.SUCCESS)


@admin.register(Tag)
class TagAdmin(OwnedAdmin):
    form = TagAdminForm
    list_display = ["name", "colour", "contact_count"]
    search_fields = ["name"]
    readonly_fields = ["slug"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(contact_count=Count("tagged_contacts"))

    @admin.display(description="contacts", ordering="contact_count")
    def contact_count(self, tag: Tag) -> int:
        return tag.contact_count


@admin.register(Note)
class NoteAdmin(OwnedAdmin):
    owner_path = "contact__owner"
    # A select of every contact was a million options: 157 s to render the add page.
    autocomplete_fields = ["contact"]
    list_display = ["contact", "__str__", "created_at"]
    search_fields = ["body"]
    list_select_related = ["contact"]


@admin.register(SavedFilter)
class SavedFilterAdmin(OwnedAdmin):
    form = SavedFilterAdminForm
    list_display = ["name", "query", "updated_at"]
    search_fields = ["name"]


# taggit's own Tag model is not used (contacts.Tag is, per owner): its admin would be an empty,
# misleading second "Tags".
admin.site.unregister(TaggitTag)
