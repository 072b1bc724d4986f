"""Small forms for keep-in-touch actions; each says clearly what it refuses."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

MAX_CADENCE_DAYS = 3650
# A year typed short ("0024" for 2024) is a typo, not a talk; and east of UTC the start of
# 1 Jan 0001 falls before year 1, which no database stores.
EARLIEST_TALK = date(1900, 1, 1)


class TalkedForm(forms.Form):
    on = forms.DateField(label="We talked on", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label="About", max_length=300, required=False)

    def clean_on(self) -> date:
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError("That date is in the future; log a talk once it happened.")
        if day < EARLIEST_TALK:
            raise forms.ValidationError(
                f"Check the year: {day.day} {day:%b} {day.year:04d} is before 1900."
            )
        return day


class SnoozeForm(forms.Form):
    until = forms.DateField(label="Snooze until", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_until(self) -> date:
        day = self.cleaned_data["until"]
        if day <= timezone.localdate():
            raise forms.ValidationError("Choose a day after today.")
        return day


class CadenceForm(forms.Form):
    days = forms.IntegerField(
        label="Keep in touch every (days)",
        min_value=1,
        max_value=MAX_CADENCE_DAYS,
        required=False,
        help_text="Empty: no cadence of its own.",
    )
    # Only on the tag form: which of the user's tags the cadence is for.
    tag = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DigestForm(forms.Form):
    send_digest = forms.BooleanField(label="E-mail me a daily digest of who is due", required=False)
