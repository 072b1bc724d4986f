from django import forms


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, so you know which to revoke later.",
    )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()
