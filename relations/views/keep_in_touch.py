"""Keep in touch: the due list, "we talked", snooze, cadences and the digest setting."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from contacts.models import Contact, Tag
from contacts.views.ownership import _get_contact_for_user, _get_tag_for_user
from relations import digest
from relations.forms import CadenceForm, DigestForm, SnoozeForm, TalkedForm
from relations.keep_in_touch import due_contacts, interaction_time, record_interaction
from relations.models import TimelineEvent
from relations.timeline import record_event

DUE_PER_PAGE = 50


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    same_site = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    if target.startswith("/") and same_site:
        # As an address, never a view name: redirect("0") looked "0" up and failed.
        return HttpResponseRedirect(target)
    return redirect(fallback)


def _form_errors(request: HttpRequest, form: object) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def due_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(due_contacts(request.user), DUE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tags_with_cadence": Tag.objects.for_owner(request.user).filter(
            keep_in_touch_days__isnull=False
        ),
        "digest_form": DigestForm(
            initial={"send_digest": digest.preference_for(request.user).send_digest}
        ),
        "today": timezone.localdate(),
        "first_snooze_day": timezone.localdate() + timedelta(days=1),
    }
    return render(request, "relations/due.html", context)


@login_required
@require_POST
def we_talked(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    form = TalkedForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, contact.get_absolute_url())
    day, about = form.cleaned_data["on"], form.cleaned_data["summary"].strip()
    at = interaction_time(day)
    record_interaction(contact, at)
    record_event(
        contact, TimelineEvent.Kind.TALKED, about or "We talked.", details={"on": str(day)}, at=at
    )
    messages.success(request, f"Logged a talk with {contact} on {day:%-d %b %Y}.")
    return _back(request, contact.get_absolute_url())


@login_required
@require_POST
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, contact.get_absolute_url())
    until = form.cleaned_data["until"]
    Contact.objects.filter(pk=contact.pk).update(snoozed_until=until, updated_at=timezone.now())
    record_event(contact, TimelineEvent.Kind.SNOOZED, f"Reminder snoozed until {until:%-d %b %Y}.")
    messages.success(request, f"{contact} is snoozed until {until:%-d %b %Y}.")
    return _back(request, contact.get_absolute_url())


@login_required
@require_POST
def contact_cadence(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    form = CadenceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, contact.get_absolute_url())
    days = form.cleaned_data["days"]
    Contact.objects.filter(pk=contact.pk).update(keep_in_touch_days=days, updated_at=timezone.now())
    summary = f"Keep in touch every {days} days." if days else "Own cadence removed."
    record_event(contact, TimelineEvent.Kind.CADENCE, summary, details={"days": days})
    messages.success(request, summary)
    return _back(request, contact.get_absolute_url())


@login_required
@require_POST
def tag_cadence(request: HttpRequest) -> HttpResponse:
    form = CadenceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, "relations-due")
    if not form.cleaned_data["tag"]:
        messages.error(request, "Choose a tag.")
        return _back(request, "relations-due")
    tag = _get_tag_for_user(request, form.cleaned_data["tag"])
    tag.keep_in_touch_days = form.cleaned_data["days"]
    tag.save(update_fields=["keep_in_touch_days"])
    if tag.keep_in_touch_days:
        messages.success(
            request,
            f"Contacts tagged “{tag.name}”: keep in touch every {tag.keep_in_touch_days} days.",
        )
    else:
        messages.success(request, f"The tag “{tag.name}” has no cadence now.")
    return _back(request, "relations-due")


@login_required
@require_POST
def digest_setting(request: HttpRequest) -> HttpResponse:
    form = DigestForm(request.POST)
    form.is_valid()
    wanted = bool(form.cleaned_data.get("send_digest"))
    preference = digest.preference_for(request.user)
    preference.send_digest = wanted
    preference.save(update_fields=["send_digest"])
    if wanted and not request.user.email:
        messages.warning(request, "Digest on, but your account has no e-mail address to send to.")
    else:
        messages.success(request, "Daily digest on." if wanted else "Daily digest off.")
    return redirect("relations-due")


# Mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token;
# the signed token in the URL is what authorises the change.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes."""
    if request.method != "POST":
        return render(request, "relations/unsubscribe.html", {"token": token})
    user = digest.unsubscribe_by_token(token)
    if user is None:
        return render(request, "relations/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "relations/unsubscribe.html", {"done": True})
