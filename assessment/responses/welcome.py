"""What a respondent reads before the first question: who asks, why, how long, how anonymous, in which language."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..campaigns.models import Campaign
from ..instruments.selectors import languages_of, questionnaire
from .selectors import organisation_name

# About five statements a minute on a phone.
ITEMS_PER_MINUTE = 5
ANONYMITY = {
    Campaign.Anonymity.ANONYMOUS: _(
        "Your answers are anonymous. Nothing links them to your name or your e-mail address, and only the "
        "day you answer is kept. {organisation} sees results only for groups of at least {threshold}."
    ),
    Campaign.Anonymity.CONFIDENTIAL: _(
        "Your answers are confidential. The survey service keeps the link between you and your answers, but "
        "never shows it to {organisation}, which sees results only for groups of at least {threshold}."
    ),
    Campaign.Anonymity.IDENTIFIED: _("Your answers are not anonymous: {organisation} can see who gave which answers."),
}


@dataclass(frozen=True)
class Welcome:
    organisation: str
    group: str
    minutes: int
    anonymity: str
    started: bool
    profile_last: bool  # questions about the respondent come after the questions about the company


def welcome(campaign: Campaign, *, started: bool) -> Welcome:
    pages = questionnaire(campaign.instrument_id, campaign.group).pages
    items = [item for page in pages for item in page.items]
    profile = [n for n, page in enumerate(pages) if any(item.segment for item in page.items)]
    name = organisation_name(campaign.assessment_id)
    text = ANONYMITY[Campaign.Anonymity(campaign.anonymity)].format(
        organisation=name, threshold=campaign.anonymity_threshold
    )
    minutes = max(1, round(len(items) / ITEMS_PER_MINUTE))
    profile_last = not profile or profile == [len(pages) - 1]
    return Welcome(name, str(campaign.get_group_display()).lower(), minutes, text, started, profile_last)


class StartForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[])

    def __init__(self, *args: object, campaign: Campaign, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        names = dict(settings.LANGUAGES)
        choices = [(code, names.get(code, code)) for code in languages_of(campaign.instrument_id)]
        self.fields["language"].choices = choices  # type: ignore[attr-defined]
