from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the interface"), choices=settings.LANGUAGES)


class OrganisationSettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of its reports"),
        choices=settings.LANGUAGES,
        help_text=_("The report page and its charts are produced in this language, whoever opens them."),
    )
