from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

MAX_INVITATIONS_AT_ONCE = 2000


class InvitationsForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or separated by commas or spaces. Each gets a personal single-use link."),
    )
    reissue = forms.BooleanField(
        required=False,
        label=_("Give a new link to addresses already invited (a lost link): their old link stops working"),
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
            raise ValidationError(_("Not valid e-mail addresses: %(emails)s") % {"emails": ", ".join(invalid[:20])})
        if len(raw) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(_("At most %(count)d addresses at once.") % {"count": MAX_INVITATIONS_AT_ONCE})
        return raw


class RecipientsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Recipient list (.csv or .xlsx)"),
        help_text=_(
            "A header row, then one recipient per row. Columns: email (required), name, language "
            "(en, hu, it, ar) and segment (optional). Up to 50,000 rows and 50 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


REMINDER_CHOICES = [(str(days), _("%(days)d days later") % {"days": days}) for days in (3, 7, 14)]


class SendForm(forms.Form):
    reminder_days = forms.TypedMultipleChoiceField(
        label=_("Remind those who have not submitted"),
        choices=REMINDER_CHOICES,
        coerce=int,
        required=False,
        initial=["3", "7"],
        widget=forms.CheckboxSelectMultiple,
    )
