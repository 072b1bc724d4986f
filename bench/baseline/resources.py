"""django-import-export's ModelResource for the bare table, as its documentation builds one."""

from __future__ import annotations

from typing import Any

from import_export import fields, resources

from bench.baseline.models import BareContact


class FollowerResource(resources.ModelResource):
    """Reads the follower CSV's camelCase columns; matches rows on the owner's profile URL."""

    profile_url = fields.Field(attribute="profile_url", column_name="profileUrl")
    first_name = fields.Field(attribute="first_name", column_name="firstName")
    last_name = fields.Field(attribute="last_name", column_name="lastName")
    headline = fields.Field(attribute="headline", column_name="headline")
    company = fields.Field(attribute="company", column_name="company")
    location = fields.Field(attribute="location", column_name="location")

    def __init__(self, owner_id: int) -> None:
        super().__init__()
        self.owner_id = owner_id

    class Meta:
        model = BareContact
        import_id_fields = ("profile_url",)
        fields = ("profile_url", "first_name", "last_name", "headline", "company", "location")

    def get_queryset(self) -> Any:
        return BareContact.objects.filter(owner_id=self.owner_id)

    def before_save_instance(self, instance: BareContact, row: Any, **kwargs: Any) -> None:
        instance.owner_id = self.owner_id
