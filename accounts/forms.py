from django import forms
from django.contrib.auth.models import AbstractBaseUser

from accounts.models import ApiToken


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, so you know which to revoke later.",
    )

    def __init__(self, *args: object, owner: AbstractBaseUser, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean(self) -> dict:
        refusal = ApiToken.objects.limit_refusal(self.owner)
        if refusal:
            raise forms.ValidationError(refusal)
        return self.cleaned_data
