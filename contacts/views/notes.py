"""Notes on a contact: add, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods, require_POST

from contacts.forms import NoteForm
from contacts.views.ownership import _get_contact_for_user, _get_note_for_contact
from crm.confirmation import ask_to_confirm, is_confirmed


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = form.save(commit=False)
        note.contact = contact
        note.save()
        messages.success(request, "Note added.")
    else:
        messages.error(request, " ".join(form.errors["body"]))
    return redirect(f"{contact.get_absolute_url()}#notes")


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    note = _get_note_for_contact(contact, note_pk)
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Note saved.")
        return redirect(f"{contact.get_absolute_url()}#notes")
    return render(
        request, "contacts/note_edit.html", {"contact": contact, "note": note, "form": form}
    )


@login_required
@require_POST
def note_delete(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    note = _get_note_for_contact(contact, note_pk)
    if not is_confirmed(request):
        return ask_to_confirm(
            request,
            question=f"Delete this note on {contact}?",
            consequence=f"Written {date_format(localtime(note.created_at), 'j M Y')}: "
            f"“{Truncator(note.body).chars(120)}”. This cannot be undone.",
            button="Delete the note",
            cancel_url=f"{contact.get_absolute_url()}#notes",
        )
    note.delete()
    messages.success(request, "Note deleted.")
    return redirect(f"{contact.get_absolute_url()}#notes")
