"""The contact page, its edit form, its tags edited in place, and deleting one contact."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from contacts.forms import ContactForm, NoteForm, TagNameForm
from contacts.models import Contact, Tag
from contacts.views.ownership import _get_contact_for_user, _get_tag_for_user


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    context = {
        "contact": contact,
        "notes": contact.notes.all(),
        "note_form": NoteForm(),
        **_tags_context(request, contact),
    }
    return render(request, "contacts/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.owner = request.user
        contact.source = "manual"
        contact.save()
        messages.success(request, f"Added {contact}.")
        return redirect(contact)
    return render(request, "contacts/form.html", {"form": form, "contact": None})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        kept = ", ".join(form.kept_meanwhile)
        meanwhile = f" Changed meanwhile (by an import, say), and kept: {kept}." if kept else ""
        messages.success(request, f"Saved {contact}.{meanwhile}")
        return redirect(contact)
    return render(request, "contacts/form.html", {"form": form, "contact": contact})


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    if request.method == "POST":
        name = str(contact)
        contact.delete()
        messages.success(request, f"Deleted {name}.")
        return redirect("contacts-list")
    return render(request, "contacts/delete.html", {"contact": contact})


def _tags_context(request: HttpRequest, contact: Contact) -> dict:
    return {
        "contact": contact,
        "contact_tags": list(contact.tags.all()),
        "all_tags": Tag.objects.for_owner(request.user).only("name"),
        "tag_form": TagNameForm(),
    }


def _tags_response(request: HttpRequest, contact: Contact) -> HttpResponse:
    """The tags block alone for htmx; the whole contact page otherwise."""
    if request.htmx:
        return render(request, "contacts/_contact_tags.html", _tags_context(request, contact))
    return redirect(contact)


@login_required
@require_POST
def contact_tag_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    form = TagNameForm(request.POST)
    if form.is_valid():
        tag = Tag.objects.get_or_create_named(request.user, form.cleaned_data["tag"])
        contact.tags.add(tag)
        messages.success(request, f"Tagged {contact} with “{tag.name}”.")
    else:
        messages.error(request, "Type a tag name to add.")
    return _tags_response(request, contact)


@login_required
@require_POST
def contact_tag_remove(request: HttpRequest, pk: int, tag_pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    tag = _get_tag_for_user(request, tag_pk)
    contact.tags.remove(tag)
    messages.success(request, f"Removed “{tag.name}” from {contact}.")
    return _tags_response(request, contact)
