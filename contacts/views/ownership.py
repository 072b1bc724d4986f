"""Every view reaches the user's rows through these helpers: anything not theirs is a 404."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404

from contacts.filters import ContactFilter
from contacts.models import Contact, Note, SavedFilter, Tag


def _get_contact_for_user(request: HttpRequest, pk: int) -> Contact:
    """The signed-in user's contact ``pk``; 404 for anything not theirs."""
    return get_object_or_404(Contact.objects.for_owner(request.user), pk=pk)


def _get_note_for_contact(contact: Contact, pk: int) -> Note:
    return get_object_or_404(Note.objects.filter(contact=contact), pk=pk)


def _get_tag_for_user(request: HttpRequest, pk: int) -> Tag:
    return get_object_or_404(Tag.objects.for_owner(request.user), pk=pk)


def _get_saved_filter_for_user(request: HttpRequest, pk: int) -> SavedFilter:
    return get_object_or_404(SavedFilter.objects.filter(owner_id=request.user.pk), pk=pk)


def contact_filter_for(request: HttpRequest, params: QueryDict) -> ContactFilter:
    """The shared contact filter over the user's own contacts and tags."""
    return ContactFilter(params, queryset=Contact.objects.for_owner(request.user), request=request)
