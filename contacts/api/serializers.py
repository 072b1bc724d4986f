"""What the API reads and writes. Every related id is looked up among the requester's own rows."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import QueryDict
from rest_framework import serializers

from contacts.filters import ContactFilter
from contacts.identity import normalise_email, profile_slug
from contacts.models import Contact, Kind, Note, SavedFilter, Tag
from contacts.models.notes import NOTE_TOO_LONG
from contacts.row_ids import row_id
from contacts.validation import PAST_DATES, clean_website, is_tag_colour, relationship_date_errors
from relations.aliases import merged_profile_refusal

NAME_FIELDS = ("first_name", "last_name", "display_name")


def _owner(serializer: serializers.Serializer) -> Any:
    return serializer.context["request"].user


class OwnedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related id that must name one of the requester's own rows, else "does not exist"."""

    def get_queryset(self) -> Any:
        return self.queryset.model.objects.for_owner(self.context["request"].user)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, bool) and isinstance(data, int | str) and row_id(data) is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class TagNamesField(serializers.ListField):
    """A contact's tags as their names, sorted; written as a list of names."""

    child = serializers.CharField(max_length=100)

    def to_representation(self, tags: Any) -> list[str]:
        return sorted((tag.name for tag in tags.all()), key=str.lower)


class ContactSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Display name, else first + last.")
    kind = serializers.ChoiceField(
        choices=Kind.choices, read_only=True, help_text="Derived from the relationship facts."
    )
    linkedin_url = serializers.CharField(read_only=True)
    tags = TagNamesField(
        required=False,
        max_length=100,
        help_text="Tag names. Writing replaces the contact's tags; new names create tags.",
    )

    class Meta:
        model = Contact
        fields = [
            "id", "name", "first_name", "last_name", "display_name", "headline", "position",
            "company", "location", "email", "phone", "website", "profile_url", "slug",
            "linkedin_url", "kind", "is_connection", "connected_on", "disconnected_on",
            "is_follower", "followed_me_on", "is_following", "following_since", "invitation",
            "invitation_at", "last_interaction_at", "message_count", "source", "tags",
            "first_seen_at", "last_seen_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "slug", "message_count", "last_interaction_at", "first_seen_at", "last_seen_at",
            "created_at", "updated_at",
        ]  # fmt: skip

    def validate_email(self, value: str) -> str:
        if value and not normalise_email(value):
            raise serializers.ValidationError("Enter a valid email address.")
        return normalise_email(value)

    def validate_profile_url(self, value: str) -> str:
        if value and not profile_slug(value):
            raise serializers.ValidationError("Enter a LinkedIn profile URL (linkedin.com/in/…).")
        return value.strip()

    def validate_website(self, value: str) -> str:
        return clean_website(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        dates = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in (*PAST_DATES, "is_connection")
        }
        errors = relationship_date_errors(dates)
        if errors:
            raise serializers.ValidationError(errors)
        others = Contact.objects.for_owner(_owner(self))
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        slug = profile_slug(attrs.get("profile_url", getattr(self.instance, "profile_url", "")))
        email = attrs.get("email", getattr(self.instance, "email", ""))
        names = [attrs.get(f, getattr(self.instance, f, "")) for f in NAME_FIELDS]
        if not (slug or email or any(name.strip() for name in names)):
            raise serializers.ValidationError(
                "Give the contact a name, an email address or a LinkedIn profile URL."
            )
        if slug and others.filter(slug=slug).exists():
            raise serializers.ValidationError(
                {"profile_url": "You already have a contact with this LinkedIn profile."}
            )
        instance_id = self.instance.pk if self.instance is not None else None
        if refusal := merged_profile_refusal(_owner(self).pk, slug, instance_id):
            raise serializers.ValidationError({"profile_url": refusal})
        # Without a profile of its own, an email another contact has is that contact's.
        if not slug and email and others.filter(email=email).exists():
            raise serializers.ValidationError(
                {"email": "You already have a contact with this email."}
            )
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Contact:
        return self._save(Contact(owner=_owner(self)), validated_data)

    def update(self, instance: Contact, validated_data: dict[str, Any]) -> Contact:
        return self._save(instance, validated_data)

    def _save(self, contact: Contact, validated_data: dict[str, Any]) -> Contact:
        tag_names = validated_data.pop("tags", None)
        for field, value in validated_data.items():
            setattr(contact, field, value)
        try:
            with transaction.atomic():
                contact.save()
                if tag_names is not None:
                    owner = _owner(self)
                    contact.tags.set([Tag.objects.get_or_create_named(owner, n) for n in tag_names])
        except IntegrityError:
            # Another request saved the same person between validation and now.
            raise serializers.ValidationError(
                {"profile_url": "You already have a contact with this profile or email."}
            ) from None
        return contact


class TagSerializer(serializers.ModelSerializer):
    contact_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Tag
        fields = ["id", "name", "slug", "colour", "contact_count"]
        read_only_fields = ["slug"]

    def validate_name(self, value: str) -> str:
        value = value.strip()
        taken = Tag.objects.for_owner(_owner(self)).named([value])
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("You already have a tag with this name.")
        return value

    def validate_colour(self, value: str) -> str:
        if not is_tag_colour(value):
            raise serializers.ValidationError("Give a colour as #RRGGBB.")
        return value.lower()

    def create(self, validated_data: dict[str, Any]) -> Tag:
        try:
            with transaction.atomic():
                tag = Tag.objects.create(owner=_owner(self), **validated_data)
        except IntegrityError:
            # Another request created the same name between validation and now.
            raise serializers.ValidationError(
                {"name": "You already have a tag with this name."}
            ) from None
        tag.contact_count = 0
        return tag


class TagContactsSerializer(serializers.Serializer):
    contacts = serializers.ListField(
        child=OwnedPrimaryKeyField(queryset=Contact.objects.all()),
        min_length=1,
        max_length=1000,
        help_text="Ids of your contacts.",
    )


class NoteSerializer(serializers.ModelSerializer):
    contact = OwnedPrimaryKeyField(queryset=Contact.objects.all())

    class Meta:
        model = Note
        fields = ["id", "contact", "body", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"body": {"error_messages": {"max_length": f"{NOTE_TOO_LONG}."}}}

    def validate_body(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("A note needs some text.")
        return value


class SavedListSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavedFilter
        fields = ["id", "name", "query", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "query": {"help_text": "Contact-list filters as a query string: kind=connection&tags=3"}
        }

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A saved list needs a name.")
        taken = SavedFilter.objects.filter(owner=_owner(self), name__iexact=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("You already have a saved list with this name.")
        return value

    def validate_query(self, value: str) -> str:
        """The query must be one the contact list accepts, naming only the owner's own tags."""
        value = value.strip().lstrip("?")
        request = self.context["request"]
        contact_filter = ContactFilter(
            QueryDict(value), queryset=Contact.objects.for_owner(request.user), request=request
        )
        if not contact_filter.is_valid():
            problems = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in contact_filter.errors.items()
            )
            raise serializers.ValidationError(f"These filters are not valid: {problems}")
        return value

    def create(self, validated_data: dict[str, Any]) -> SavedFilter:
        return SavedFilter.objects.create(owner=_owner(self), **validated_data)
