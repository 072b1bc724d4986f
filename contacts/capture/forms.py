"""The capture form: one LinkedIn profile, checked by the user, saved into their network."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from contacts.capture.matching import contact_with_profile, only_namesake_without_profile
from contacts.identity import profile_slug, profile_url
from contacts.models import Contact, Kind, Note, Tag

# The profile fields a capture can fill; an empty one keeps what is stored.
PROFILE_FIELDS = {
    "name": "display_name",
    "headline": "headline",
    "company": "company",
    "location": "location",
}
# Each kind the user can pick states one relationship fact; none is ever taken away.
KIND_FACTS = {
    Kind.CONNECTION: "is_connection",
    Kind.FOLLOWER: "is_follower",
    Kind.FOLLOWING: "is_following",
}


def _onto_namesake_label(namesake: Contact) -> str:
    known_by = f" ({namesake.email})" if namesake.email else ""
    return f"Save onto the {namesake} you have{known_by}, who has no LinkedIn profile yet"


def replaces(form_field: str, captured: str, stored: str) -> bool:
    """Whether saving ``captured`` changes what the contact shows as ``stored``.

    A name is the same in any case and spacing: written as the display name
    anyway, it would hide the first and last names later imports bring.
    """
    if form_field == "name":
        return " ".join(captured.split()).casefold() != " ".join(stored.split()).casefold()
    return captured != stored


def stored_profile(contact: Contact) -> dict[str, str]:
    """The contact's values of the fields a capture fills, by form field, as shown."""
    stored = {form_field: getattr(contact, field) for form_field, field in PROFILE_FIELDS.items()}
    return {**stored, "name": contact.name}


def split_tag_names(value: str) -> list[str]:
    """Tag names from a comma-separated list, trimmed, without blanks or repeats (any case)."""
    names: dict[str, str] = {}
    for name in value.split(","):
        name = name.strip()[:100]
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())


class CaptureForm(forms.Form):
    url = forms.CharField(label="LinkedIn profile URL", max_length=500)
    name = forms.CharField(max_length=300, required=False)
    onto_namesake = forms.BooleanField(required=False, initial=True)
    headline = forms.CharField(max_length=500, required=False)
    company = forms.CharField(max_length=300, required=False)
    location = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(
        label="This person is", choices=Kind.choices, initial=Kind.CONTACT, widget=forms.RadioSelect
    )
    tags = forms.CharField(
        max_length=1000, required=False, help_text="Comma-separated; new tags are created."
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: object, owner: AbstractBaseUser, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        slug = profile_slug(self._captured("url"))
        self.existing = contact_with_profile(owner, slug) if slug else None
        self.namesake = None
        if self.existing is None:
            self.namesake = only_namesake_without_profile(owner, self._captured("name"))
        if self.namesake is None:
            del self.fields["onto_namesake"]
        else:
            self.fields["onto_namesake"].label = _onto_namesake_label(self.namesake)
        if self.existing or self.namesake:
            self.compare_with(self.existing or self.namesake)

    def clean_url(self) -> str:
        """The profile's canonical URL: a page's query string or sub-page is not kept."""
        slug = profile_slug(self.cleaned_data["url"])
        if not slug:
            raise forms.ValidationError("This is not a LinkedIn profile URL (linkedin.com/in/…).")
        return profile_url(slug)

    def clean_tags(self) -> list[str]:
        return split_tag_names(self.cleaned_data["tags"])

    def compare_with(self, contact: Contact) -> None:
        """Preselect what the person already is, and say under each field what saving replaces."""
        self.initial.setdefault("kind", contact.kind)
        for form_field, stored in stored_profile(contact).items():
            captured = self._captured(form_field)
            if stored and captured and replaces(form_field, captured, stored):
                self.fields[form_field].help_text = format_html(
                    "You have “{}”; saving replaces it. Empty the field to keep it.", stored
                )

    def _contact_to_update(self) -> Contact | None:
        if self.existing is not None:
            return self.existing
        if self.namesake is not None and self.cleaned_data.get("onto_namesake"):
            self.namesake.profile_url = self.cleaned_data["url"]
            return self.namesake
        return None

    def _captured(self, name: str) -> str:
        # Read before any bound field is made: a bound field copies its help text once.
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        return (value or "").strip()

    def save(self) -> tuple[Contact, bool]:
        """Create or update the owner's contact of this profile; returns it and if it is new."""
        data, owner = self.cleaned_data, self.owner
        with transaction.atomic():
            contact, created = self._contact_to_update(), False
            if contact is None:
                contact, created = Contact.objects.get_or_create(
                    owner=owner,
                    slug=profile_slug(data["url"]),
                    defaults={"profile_url": data["url"], "source": "capture"},
                )
            stored = stored_profile(contact)
            for form_field, model_field in PROFILE_FIELDS.items():
                value = data[form_field].strip()
                if value and replaces(form_field, value, stored[form_field]):
                    setattr(contact, model_field, value)
            fact = KIND_FACTS.get(data["kind"])
            if fact:
                setattr(contact, fact, True)
            if fact == "is_connection":
                contact.disconnected_on = None  # connected again
            contact.last_seen_at = timezone.now()
            contact.save()
            tags = [Tag.objects.get_or_create_named(owner, name) for name in data["tags"]]
            contact.tags.add(*tags)
            if data["note"].strip():
                Note.objects.create(contact=contact, body=data["note"].strip())
        return contact, created
