"""Issue 13: in Hungarian, Italian and Arabic the self-assessment, the respondent's pages and the report
render with no English left, names apart. English is found by its commonest words, which none of the three
languages writes, in the visible text and in the charts' labels."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from assessment.invitations.services import create_invitations
from assessment.languages.services import set_language_of
from assessment.models import Invitation, Organisation

from ..factories import submit_many
from ..results.test_report_helpers import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.instrument(2)]

ENGLISH = {
    "the", "and", "with", "your", "you", "this", "that", "from", "which", "have", "not", "of", "to", "for",
    "or", "what", "how", "when", "are", "been", "will", "would", "their", "there", "here", "page", "next",
    "upper", "lower", "middle", "individual", "government", "female", "weekly", "monthly", "yearly",
}  # fmt: skip
CHART_DATA = re.compile(r'<script type="application/json" id="[\w-]+">(.*?)</script>', re.S)
WORD = re.compile(r"[^\W\d_]+")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def english_left(html: str) -> list[str]:
    """The English words a reader sees, each with a little of its context."""
    labels = [s for block in CHART_DATA.findall(html) for s in _strings(json.loads(block))]
    text = " ".join([visible_text(html), *labels])
    found = []
    for match in WORD.finditer(text):
        if match.group().lower() in ENGLISH:
            found.append(text[max(0, match.start() - 40) : match.end() + 40])
    return found


@pytest.fixture
def surveyed(assessment):
    submit_many(assessment, "management", 1, mean=4.5)
    submit_many(assessment, "customers", 30, mean=3.6)
    submit_many(assessment, "employees", 12, mean=3.2, seed=2)
    return assessment


@pytest.mark.parametrize("language", ["hu", "it", "ar"])
def test_the_report_has_no_english_left(client, manager, surveyed, language):
    Organisation.objects.filter(pk=surveyed.organisation_id).update(language=language)
    set_language_of(user=manager, language=language)
    client.force_login(manager)
    html = client.get(reverse("report", args=[surveyed.pk])).content.decode()
    assert f'lang="{language}"' in html
    left = english_left(html)
    assert not left, "\n".join(left)


@pytest.mark.parametrize("language", ["hu", "it", "ar"])
def test_the_self_assessment_has_no_english_left(client, manager, assessment, language):
    set_language_of(user=manager, language=language)
    client.force_login(manager)
    for url in (
        reverse("self_assessment", args=[assessment.pk]),
        reverse("self_assessment_section", args=[assessment.pk, 1]),
    ):
        html = client.get(url, follow=True).content.decode()
        assert english_left(html) == [], url


@pytest.mark.parametrize("language", ["hu", "it", "ar"])
def test_a_respondents_pages_have_no_english_left(campaign, language):
    [(_, token)], _ = create_invitations(campaign=campaign, emails=["ann@example.com"])
    Invitation.objects.update(language=language)
    respondent = Client()
    welcome = respondent.get(reverse("respond", args=[token]), follow=True).content.decode()
    respondent.post(reverse("respond_welcome"), {"language": language})
    first = respondent.get(reverse("respond_page", args=[1])).content.decode()
    assert english_left(welcome) == [] and english_left(first) == []
