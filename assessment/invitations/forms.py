from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_INVITATIONS_AT_ONCE = 2000


class InvitationsForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line, or separated by commas or spaces. Each gets a personal single-use link.",
    )
    reissue = forms.BooleanField(
        required=False,
        label="Give a new link to addresses already invited (a lost link): their old link stops working",
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", " ").replace(";", " ").split()
        invalid = []
        for email in raw:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError("Not valid e-mail addresses: " + ", ".join(invalid[:20]))
        if len(raw) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(f"At most {MAX_INVITATIONS_AT_ONCE} addresses at once.")
        return raw


class RecipientsUploadForm(forms.Form):
    file = forms.FileField(
        label="Recipient list (.csv or .xlsx)",
        help_text="A header row, then one recipient per row. Columns: email (required), name, language "
        "(en, hu, it, ar) and segment (optional). Up to 50,000 rows and 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


REMINDER_CHOICES = [("3", "3 days later"), ("7", "7 days later"), ("14", "14 days later")]


class SendForm(forms.Form):
    reminder_days = forms.TypedMultipleChoiceField(
        label="Remind those who have not submitted",
        choices=REMINDER_CHOICES,
        coerce=int,
        required=False,
        initial=["3", "7"],
        widget=forms.CheckboxSelectMultiple,
    )
