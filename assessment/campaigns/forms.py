from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import scoring
from ..groups import Group
from .models import Campaign


class CampaignForm(forms.Form):
    group = forms.ChoiceField(label=_("Stakeholder group"), choices=[])
    anonymity = forms.ChoiceField(choices=Campaign.Anonymity.choices, initial=Campaign.Anonymity.ANONYMOUS)
    anonymity_threshold = forms.IntegerField(
        min_value=scoring.MIN_ANONYMITY_THRESHOLD,
        max_value=1000,
        initial=scoring.DEFAULT_ANONYMITY_THRESHOLD,
        help_text=_("Groups with fewer submitted responses are not reported."),
    )
    closes_at = forms.DateTimeField(
        required=False,
        label=_("Closes at (optional)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, groups: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = cast(forms.ChoiceField, self.fields["group"])
        group_field.choices = [(g, Group(g).label) for g in groups if g != Group.MANAGEMENT]
