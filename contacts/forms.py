"""Forms of the contacts pages; each normalises its input in ``clean_<field>``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.forms.models import BaseInlineFormSet
from django.http import QueryDict

from contacts.bulk_jobs import unreadable_filters
from contacts.identity import normalise_email, profile_slug, profile_url
from contacts.models import Contact, Note, SavedFilter, Tag
from contacts.models.notes import NOTE_TOO_LONG
from contacts.validation import clean_website, is_tag_colour, relationship_date_errors
from relations.aliases import merged_profile_refusal


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "first_name", "last_name", "display_name", "headline", "position", "company",
            "location", "email", "phone", "website", "profile_url",
            "is_connection", "connected_on", "disconnected_on", "is_follower", "followed_me_on",
            "is_following", "following_since", "invitation", "invitation_at",
        ]  # fmt: skip
        widgets = {
            "connected_on": DateInput,
            "disconnected_on": DateInput,
            "followed_me_on": DateInput,
            "following_since": DateInput,
            "invitation_at": DateTimeInput,
        }
        help_texts = {"profile_url": "For example https://www.linkedin.com/in/jane-doe/"}

    def __init__(self, *args: Any, owner: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        # Labels of the fields left as shown that had changed meanwhile (see clean()).
        self.kept_meanwhile: list[str] = []
        if self.instance.pk:
            # Each field sends back the value it showed, so that a save changes only
            # what the user changed: an import may update the contact meanwhile.
            for field in self.fields.values():
                field.show_hidden_initial = True

    def clean_email(self) -> str:
        raw = self.cleaned_data["email"].strip()
        email = normalise_email(raw)
        if raw and not email:
            raise forms.ValidationError("Enter an email address such as jane@example.org.")
        return email

    def clean_profile_url(self) -> str:
        raw = self.cleaned_data["profile_url"].strip()
        slug = profile_slug(raw)
        if raw and not slug:
            raise forms.ValidationError(
                "This is not a LinkedIn profile address; it looks like "
                "https://www.linkedin.com/in/jane-doe/."
            )
        return profile_url(slug)

    def clean_website(self) -> str:
        return clean_website(self.cleaned_data["website"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.kept_meanwhile = self._keep_stored_values_left_as_shown(cleaned)
        for field, error in relationship_date_errors(cleaned).items():
            self.add_error(field, error)
        if not any(cleaned.get(f) for f in ("first_name", "last_name", "display_name", "email")):
            raise forms.ValidationError("Give the contact a name or an email address.")
        others = Contact.objects.for_owner(self.owner).exclude(pk=self.instance.pk)
        slug = profile_slug(cleaned.get("profile_url", ""))
        if slug and others.filter(slug=slug).exists():
            self.add_error("profile_url", "Another of your contacts has this LinkedIn profile.")
        elif refusal := merged_profile_refusal(self.owner.pk, slug, self.instance.pk):
            self.add_error("profile_url", refusal)
        email = cleaned.get("email")
        # Without a profile of its own, an email another contact has is that contact's.
        if not slug and email and others.filter(email=email).exists():
            self.add_error("email", "Another of your contacts has this email address.")
        return cleaned

    def _keep_stored_values_left_as_shown(self, cleaned: dict[str, Any]) -> list[str]:
        """Each field the user left as the form showed it keeps the stored value.

        The stored value is the one read for this save, so what an import wrote
        while the form was open stays. Returns the labels of such fields whose
        stored value is no longer the one shown.
        """
        kept = []
        for name in self.fields:
            bound = self[name]
            shown = self.data.get(bound.html_initial_name)
            if shown is None or name not in cleaned or name in self.changed_data:
                continue
            if bound.field.has_changed(bound.initial, shown):
                kept.append(str(bound.label))
            cleaned[name] = getattr(self.instance, name)
        return kept


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": "Note"}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "body": {
                "required": "Write something first.",
                "max_length": f"{NOTE_TOO_LONG}; this one has %(show_value)d.",
            }
        }

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something first.")
        return body


def _clean_tag_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError("Give the tag a name.")
    return name


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args: Any, owner: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = _clean_tag_name(self.cleaned_data["name"])
        taken = Tag.objects.for_owner(self.owner).named([name]).exclude(pk=self.instance.pk)
        existing = taken.values_list("name", flat=True).first()
        if existing is None:
            return name
        if self.instance.pk is None:
            raise forms.ValidationError(f"You already have a tag called “{existing}”.")
        raise forms.ValidationError(
            f"You already have a tag called “{existing}”; to join the two, merge this one into it."
        )

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"].strip().lower()
        if not is_tag_colour(colour):
            raise forms.ValidationError("Choose a colour such as #0a66c2.")
        return colour


class TagNameForm(forms.Form):
    """One tag name, to put on a contact or on many."""

    tag = forms.CharField(label="Tag", max_length=100)

    def clean_tag(self) -> str:
        return _clean_tag_name(self.cleaned_data["tag"])


class TagMergeForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Tag.objects.none(), label="Merge this tag", empty_label="Choose a tag…"
    )
    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(), label="into this tag", empty_label="Choose a tag…"
    )

    def __init__(self, *args: Any, owner: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in ("source", "target"):
            self.fields[field].queryset = Tag.objects.for_owner(owner)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            raise forms.ValidationError("Choose two different tags.")
        return cleaned


class SavedFilterNameForm(forms.ModelForm):
    """A saved list's name, unique among the owner's lists in any case."""

    class Meta:
        model = SavedFilter
        fields = ["name"]

    def __init__(self, *args: Any, owner: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the list a name.")
        others = SavedFilter.objects.filter(owner_id=self.owner.pk).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(f"You already have a saved list called “{name}”.")
        return name


class SavedFilterForm(SavedFilterNameForm):
    """A saved list: a name and the list page's filter."""

    class Meta(SavedFilterNameForm.Meta):
        fields = ["name", "query"]

    def clean_query(self) -> str:
        # Kept without the page number: a saved list always opens on its first page.
        params = QueryDict(self.cleaned_data["query"].lstrip("?"), mutable=True)
        params.pop("page", None)
        query = params.urlencode()
        # The list leaves out a filter that does not read: saved, it would name more people.
        unreadable = unreadable_filters(self.owner, query)
        if unreadable:
            raise forms.ValidationError(f"Fix the filter before saving it as a list: {unreadable}.")
        return query


# The admin's forms. Each refuses, as a form error, the row the database would refuse
# with a server error: the owner's unique rows are checked where the form cannot see
# the owner (it is set after validation) or the stored value (a slug, a normalised email).


class OwnedRowForm(forms.ModelForm):
    """An admin form of a row with an owner; the admin sets ``signed_in`` per request."""

    signed_in: AbstractBaseUser | None = None

    def row_owner(self) -> AbstractBaseUser | None:
        """The owner chosen on the form (superusers), else the row's, else the signed-in user.

        None while the owner chosen on the form is not valid.
        """
        if "owner" in self.fields:
            return self.cleaned_data.get("owner")
        return self.instance.owner if self.instance.owner_id else self.signed_in


class ContactAdminForm(OwnedRowForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        owner = self.row_owner()
        if owner is None:
            return cleaned
        others = Contact.objects.for_owner(owner).exclude(pk=self.instance.pk)
        # As Contact.save() will store them.
        slug = profile_slug(cleaned.get("profile_url"))
        email = normalise_email(cleaned.get("email"))
        if slug and others.filter(slug=slug).exists():
            self.add_error("profile_url", f"Another contact of {owner} has this LinkedIn profile.")
        elif refusal := merged_profile_refusal(owner.pk, slug, self.instance.pk):
            self.add_error("profile_url", refusal)
        elif not slug and email and others.filter(slug="", email=email).exists():
            self.add_error(
                "email", f"Another contact of {owner} has this email and no LinkedIn profile."
            )
        return cleaned


class TagAdminForm(OwnedRowForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        owner, name = self.row_owner(), cleaned.get("name")
        if owner is not None and name:
            taken = Tag.objects.for_owner(owner).named([name]).exclude(pk=self.instance.pk)
            existing = taken.values_list("name", flat=True).first()
            if existing is not None:
                self.add_error("name", f"{owner} already has a tag called “{existing}”.")
        return cleaned


class SavedFilterAdminForm(OwnedRowForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        owner, name = self.row_owner(), (cleaned.get("name") or "").strip()
        if owner is not None and name:
            taken = SavedFilter.objects.filter(owner_id=owner.pk, name__iexact=name)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", f"{owner} already has a saved list called “{name}”.")
        return cleaned


class TaggedContactFormSet(BaseInlineFormSet):
    """A contact's tags in the admin: each tag once (every link of the contact is a row here)."""

    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            tag = data.get("tag")
            if tag is None or data.get("DELETE"):
                continue
            if tag.pk in seen:
                raise forms.ValidationError(f"The tag “{tag.name}” is given twice; keep one.")
            seen.add(tag.pk)
