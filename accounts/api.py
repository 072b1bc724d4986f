"""API tokens over the API itself: list, create (the secret is in that one response), revoke."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.cache import add_never_cache_headers
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["prefix", "created_at", "last_used_at"]

    def validate_name(self, value: str) -> str:
        return value.strip()


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret. It is never shown again.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]

    def validate(self, attrs: dict) -> dict:
        refusal = ApiToken.objects.limit_refusal(self.context["request"].user)
        if refusal:
            raise serializers.ValidationError(refusal)
        return attrs


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your API tokens. Deleting one revokes it at once."""

    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet:
        return ApiToken.objects.for_owner(self.request.user)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return NewApiTokenSerializer if self.action == "create" else ApiTokenSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, plaintext = ApiToken.objects.issue(request.user, serializer.validated_data["name"])
        token.token = plaintext
        response = Response(self.get_serializer(token).data, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)  # the secret is in this response only
        return response
