"""The contact list: search, filters, sorting and pages, refreshed in place by htmx."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from contacts.bulk_jobs import unreadable_in
from contacts.counting import capped_count_within
from contacts.models import Contact, SavedFilter, Tag
from contacts.paging import COUNT_CAP, contact_page, page_number
from contacts.views.ownership import contact_filter_for

# A contact without a name is shown by its email (Contact.__str__): without
# "email" here, each such row would cost a query of its own.
LIST_COLUMNS = (
    "id", "owner_id", "first_name", "last_name", "display_name", "email", "headline",
    "position", "company", "location", "slug", "is_connection", "is_follower", "is_following",
    "connected_on", "last_interaction_at",
)  # fmt: skip
SAVED_LIST_COUNT_CAP = 1_000
SAVED_LIST_COUNT_BUDGET_MS = 10
# They change how, not which, contacts show ("count=exact": count past the page's budget).
NOT_FILTERS = {"page", "ordering", "tag_mode", "count"}


@dataclass(frozen=True)
class SortColumn:
    label: str
    key: str
    first_descending: bool = False

    def state(self, current: str) -> str:
        """The column's aria-sort value for the current ordering."""
        if current == self.key:
            return "ascending"
        if current == f"-{self.key}":
            return "descending"
        return ""

    def next_ordering(self, current: str) -> str:
        if current == self.key:
            return f"-{self.key}"
        if current == f"-{self.key}":
            return self.key
        return f"-{self.key}" if self.first_descending else self.key


SORT_COLUMNS = (
    SortColumn("Name", "name"),
    SortColumn("Company", "company"),
    SortColumn("Connected", "connected_on", first_descending=True),
    SortColumn("Last interaction", "last_interaction", first_descending=True),
)


def _list_query(request: HttpRequest) -> str:
    """The filter part of the URL, without the page: what a saved list or a bulk action keeps."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("count", None)
    return params.urlencode()


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    contact_filter = contact_filter_for(request, request.GET)
    if contact_filter.is_bound and not contact_filter.is_valid():
        messages.warning(request, "Some filters could not be read and were left out; see below.")
    page = contact_page(
        contact_filter.qs,
        page_number(request.GET.get("page")),
        LIST_COLUMNS,
        request.user,
        exact_count=request.GET.get("count") == "exact",
    )
    owner_tags = [
        TagLink(*values)
        for values in Tag.objects.for_owner(request.user)
        .order_by("name")
        .values_list("pk", "name", "colour")
    ]
    attach_tags(page.rows, owner_tags)
    ordering = request.GET.get("ordering", "") if "ordering" not in contact_filter.errors else ""
    context = {
        "filter": contact_filter,
        "form": contact_filter.form,
        "page": page,
        "count_cap": COUNT_CAP,
        "list_query": _list_query(request),
        "ordering": ordering,
        "columns": [
            {
                "column": column,
                "state": column.state(ordering),
                "next": column.next_ordering(ordering),
            }
            for column in SORT_COLUMNS
        ],
        "is_filtered": any(value for key, value in request.GET.items() if key not in NOT_FILTERS),
        "has_contacts": bool(page.rows) or contact_filter.queryset.has_any(),
        "tag_names": [tag.name for tag in owner_tags],
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "contacts/_results.html", context)
    saved_lists = saved_lists_with_counts(request)
    context["saved_lists"] = saved_lists
    context["saved_list_cap"] = SAVED_LIST_COUNT_CAP
    # "many" says why under the lists: a tooltip is never seen on a touch screen.
    context["saved_lists_uncounted"] = any(
        row.count is None and not row.unreadable for row in saved_lists
    )
    return render(request, "contacts/list.html", context)


class TagLink(NamedTuple):
    """What a list row shows of a tag: plain values, not a model instance for each link."""

    pk: int
    name: str
    colour: str


def attach_tags(contacts: list[Contact], owner_tags: list[TagLink]) -> None:
    """Sets ``tag_list`` on each contact from its ``tag_ids``, in the owner's tag name order."""
    tag_by_id = {tag.pk: tag for tag in owner_tags}  # in name order
    for contact in contacts:
        ids = set(contact.tag_ids)
        contact.tag_list = [tag for pk, tag in tag_by_id.items() if pk in ids]


class SavedListRow(NamedTuple):
    """A saved list as the sidebar shows it.

    ``count`` is None when counting took longer than ``SAVED_LIST_COUNT_BUDGET_MS``, or
    when the list's filter no longer reads: ``unreadable`` then says why, in words.
    """

    saved: SavedFilter
    count: int | None
    unreadable: str = ""


def saved_lists_with_counts(request: HttpRequest) -> list[SavedListRow]:
    """Each saved list with its live count, capped and timed so the sidebar stays fast.

    A list whose filter no longer reads (a tag it names was deleted) is not counted:
    the list page leaves such a filter out, so its count would be of more contacts
    than the list holds, up to everyone.
    """
    rows = []
    for saved in SavedFilter.objects.filter(owner_id=request.user.pk):
        saved_filter = contact_filter_for(request, QueryDict(saved.query))
        unreadable = unreadable_in(saved_filter)
        if unreadable:
            rows.append(SavedListRow(saved, None, unreadable))
            continue
        count = capped_count_within(
            saved_filter.qs, SAVED_LIST_COUNT_CAP, SAVED_LIST_COUNT_BUDGET_MS
        )
        rows.append(SavedListRow(saved, count))
    return rows
