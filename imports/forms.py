"""The import pages' forms: the upload, the column mapping of a generic file, a scheduled source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser

from contacts.forms import OwnedRowForm
from imports.inbox_folders import folder_refusal
from imports.models import DeclaredKind, ImportSource
from imports.readers.columns import MAPPING_TARGETS, check_mapping, identifies_people
from imports.scheduled import SourceUnavailable, inbox_path

IGNORE = ""
MAPPING_LABELS = {
    "profile_url": "LinkedIn profile URL",
    "email": "Email",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (split into first and last)",
    "display_name": "Name as shown",
    "headline": "Headline",
    "position": "Position",
    "company": "Company",
    "location": "Location",
    "phone": "Phone",
    "website": "Website",
    "connected_on": "Connected on",
    "followed_me_on": "Follows me since",
    "following_since": "I follow since",
    "last_interaction_at": "Last interaction",
    "invitation_at": "Invitation date",
    "tags": "Tags (comma or ; separated)",
    "notes": "Note",
}
MAX_MAPPED_COLUMNS = 60
KIND_CHOICES = [("", "As the file says"), *DeclaredKind.choices]
KIND_HELP = "A LinkedIn export says who is in it; for any other list, say who its people are."


def tag_names(text: str) -> list[str]:
    """``"investor, Oslo ,,"`` -> ``["investor", "Oslo"]``, each name at most 100 characters."""
    return [name.strip()[:100] for name in text.split(",") if name.strip()]


class TagsField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Tags to apply")
        kwargs.setdefault("help_text", "Comma-separated; every person in the file gets them.")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:
        return tag_names(super().clean(value) or "")


class UploadForm(forms.Form):
    file = forms.FileField(label="File")
    declared_kind = forms.ChoiceField(
        label="The people in the file are",
        choices=KIND_CHOICES,
        required=False,
        help_text=KIND_HELP,
    )
    tags = TagsField()
    snapshot = forms.BooleanField(
        label="It is my complete Connections list",
        required=False,
        initial=True,
        help_text="Connections missing from it are marked as no longer connected. "
        "Untick it for a partial list.",
    )


class MappingForm(forms.Form):
    """One choice per column of the file: which contact field it holds, or none."""

    def __init__(
        self, *args: Any, columns: list[str], initial_mapping: dict[str, str], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.columns = columns[:MAX_MAPPED_COLUMNS]
        choices = [(IGNORE, "Ignore this column")] + [
            (target, MAPPING_LABELS.get(target, target.replace("_", " ").capitalize()))
            for target in MAPPING_TARGETS
        ]
        for index, column in enumerate(self.columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column or f"Column {index + 1}",
                choices=choices,
                required=False,
                initial=initial_mapping.get(column, IGNORE),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mapping: dict[str, str] = {}
        chosen_for: dict[str, str] = {}
        for index, column in enumerate(self.columns):
            target = cleaned.get(f"column_{index}") or IGNORE
            if target == IGNORE:
                continue
            if target in chosen_for and target not in ("tags", "notes"):
                raise forms.ValidationError(
                    f"Two columns hold {MAPPING_LABELS.get(target, target)}: "
                    f"“{chosen_for[target]}” and “{column}”. Keep one."
                )
            chosen_for[target] = column
            mapping[column] = target
        check_mapping(mapping)
        if not identifies_people(mapping):
            raise forms.ValidationError(
                "Choose at least one column holding a name, an email or a LinkedIn profile "
                "URL: without one, nobody in the file can be recognised."
            )
        cleaned["mapping"] = mapping
        return cleaned

    def column_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(column, self[f"column_{index}"]) for index, column in enumerate(self.columns)]


class SourcePlaceChecks(forms.ModelForm):
    """A source's place and interval, checked alike in the admin and on the page.

    The place: a folder inside IMPORT_INBOX_ROOT or an https:// address, not
    both; the interval: at least 5 minutes.

    Neither: the model's constraint says so (``import_source_has_a_place``).
    """

    def clean_inbox_folder(self) -> str:
        folder = self.cleaned_data["inbox_folder"].strip()
        if folder:
            try:
                inbox_path(folder)
            except SourceUnavailable as error:
                raise forms.ValidationError(f"Not allowed: {error}.") from error
        return folder

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError("Only https:// addresses are fetched.")
        return url

    def clean_interval_minutes(self) -> int:
        minutes = self.cleaned_data["interval_minutes"]
        if minutes < 5:
            raise forms.ValidationError("Check at most every 5 minutes.")
        return minutes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("inbox_folder") and cleaned.get("url"):
            raise forms.ValidationError("Give an inbox folder or an HTTPS URL, not both.")
        folder, owner = cleaned.get("inbox_folder"), self.source_owner()
        # The source itself is left out: its stored folder (and owner) are what is changed.
        refusal = folder and owner and folder_refusal(folder, owner.pk, self.instance.pk)
        if refusal:
            self.add_error("inbox_folder", f"Not allowed: {refusal}.")
        return cleaned

    def source_owner(self) -> AbstractBaseUser | None:
        """Whose network the source imports into; None while that is not known."""
        raise NotImplementedError


class SourceAdminForm(SourcePlaceChecks, OwnedRowForm):
    """The admin's source form: the same checks as the page's, for any owner."""

    def source_owner(self) -> AbstractBaseUser | None:
        return self.row_owner()

    class Meta:
        model = ImportSource
        fields = [
            "owner", "name", "inbox_folder", "url", "declared_kind", "tags", "snapshot",
            "interval_minutes", "enabled",
        ]  # fmt: skip


class SourceForm(SourcePlaceChecks):
    url = forms.URLField(
        label="HTTPS URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Fetched on each check; imported when its content is new.",
    )
    tag_names = TagsField(label="Tags to apply")

    class Meta:
        model = ImportSource
        fields = ["name", "inbox_folder", "url", "declared_kind", "snapshot", "interval_minutes"]
        labels = {"interval_minutes": "Check every (minutes)"}

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["declared_kind"].choices = KIND_CHOICES
        self.fields["declared_kind"].help_text = KIND_HELP
        self.fields["interval_minutes"].min_value = 5
        if not user.is_staff:
            # A folder on the server can hold anyone's files, and its path is the server's:
            # only its administrators name one (as in the API).
            del self.fields["inbox_folder"]
            self.fields["url"].required = True
            return
        self.fields["inbox_folder"].help_text = (
            f"A folder inside {settings.IMPORT_INBOX_ROOT} on the server; each new file in it is "
            "imported once."
        )

    def source_owner(self) -> AbstractBaseUser:
        return self.user
