"""A page's questions as markup (responses/forms.py): a page with no answer yet is built once per process and
shared, and never stands in for a page with answers, errors, another organisation's name or language."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessment.campaigns.services import create_campaign
from assessment.instruments.selectors import questionnaire
from assessment.responses.forms import SectionForm, field_name

pytestmark = [pytest.mark.django_db, pytest.mark.instrument(2)]


@pytest.fixture
def items(assessment):
    campaign = create_campaign(assessment=assessment, group="employees")
    return questionnaire(campaign.instrument_id, campaign.group).pages[1].items


def shown(items, organisation_name="Acme", **kwargs) -> str:
    return str(SectionForm(items=items, organisation_name=organisation_name, **kwargs).questions_html())


def test_a_page_with_no_answer_yet_is_built_once_and_shared(items):
    first = SectionForm(items=items, organisation_name="Acme").questions_html()
    assert SectionForm(items=items, organisation_name="Acme").questions_html() is first
    assert " checked" not in first


def test_answers_errors_names_and_languages_are_never_taken_from_another_page(items):
    fresh = shown(items)
    answered = shown(items, initial={field_name(items[0]): "4"})
    assert " checked" in answered and answered != fresh
    invalid = shown(items, data={"action": "next"})
    assert "text-danger" in invalid and "text-danger" not in fresh
    if any("{organisation}" in item.text for item in items):
        assert shown(items, organisation_name="Globex") != fresh
    with translation.override("hu"):
        assert shown(items) != fresh
    assert shown(items) == fresh


def test_the_answers_read_with_a_response_fit_both_the_pages_and_the_submit():
    """selectors.answers_as_json() lists an answer's fields once, in StoredAnswer's order, for the pages (read
    as StoredAnswer) and the submit (read as Given): the two must agree."""
    from assessment.responses.answers import Given
    from assessment.responses.selectors import StoredAnswer

    assert StoredAnswer._fields == Given._fields


def test_the_kept_pages_are_bounded_and_the_newest_kept(items, monkeypatch):
    from assessment.cache import Kept
    from assessment.responses import forms

    monkeypatch.setattr(forms, "_FRESH_PAGES", Kept(most=2))
    for name in ("Acme", "Globex", "Initech"):
        shown(items, organisation_name=name)
    assert len(forms._FRESH_PAGES) == 2
    assert [key[2] for key in forms._FRESH_PAGES] == ["Globex", "Initech"]
