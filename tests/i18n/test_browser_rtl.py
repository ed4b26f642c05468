"""A respondent answers the whole survey in Arabic on a phone: right to left, buttons mirrored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from assessment.campaigns.models import Campaign
from assessment.invitations.services import create_invitations
from assessment.models import Response

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.instrument(2),  # the version with an Arabic translation
]


def answer_by_value(page) -> None:
    """One answer per question, chosen by value: the labels are in Arabic."""
    for question in page.locator("fieldset.question").all():
        kind = question.get_attribute("data-type")
        if kind == "likert5":
            question.locator("input[value='4'] + label").click()
        elif kind == "nps":
            question.locator("input[value='8'] + label").click()
        elif kind in ("single", "multi"):
            question.locator(".choice label").first.click()
        else:
            question.locator("textarea").fill("أجيبوا على الهاتف بسرعة أكبر.")


def box(page, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def test_a_respondent_completes_the_survey_in_arabic_on_a_phone(browser, live_server, campaign):
    closes_at = timezone.now() + dt.timedelta(days=40)
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=closes_at)
    (_, token), *_ = create_invitations(campaign=campaign, emails=["arabic@example.com"])[0]
    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="en")
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/r/{token}/")
    page.locator("select[name=language]").select_option("ar")
    page.locator("form button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.screenshot(path=str(SCREENSHOTS / "arabic-first-page-375.png"), full_page=True)
    # Alone on the first page, "next" sits in the left half of the form: the reading starts on the right.
    form = box(page, "form[method=post]")
    first_next = box(page, ".questionnaire-actions button[value=next]")
    assert first_next["x"] + first_next["width"] / 2 < form["x"] + form["width"] / 2
    answer_by_value(page)
    page.locator(".questionnaire-actions button[value=next]").click()

    expect(page.locator(".questionnaire-actions button[value=back]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Mirrored: "next" (forward, to the left) sits left of "previous".
    forward = box(page, ".questionnaire-actions button[value=next]")
    back = box(page, ".questionnaire-actions button[value=back]")
    assert forward["x"] + forward["width"] <= back["x"]
    page.screenshot(path=str(SCREENSHOTS / "arabic-page-2-375.png"), full_page=True)

    # Saved for later: the closing date in Arabic's own date format.
    answer_by_value(page)
    page.locator(".questionnaire-actions button[value=save]").click()
    with translation.override("ar"):
        arabic_date = date_format(timezone.localtime(closes_at), "DATE_FORMAT")
    with translation.override("en"):
        assert arabic_date != date_format(timezone.localtime(closes_at), "DATE_FORMAT")
    expect(page.locator("#closes-at")).to_contain_text(arabic_date)
    page.screenshot(path=str(SCREENSHOTS / "arabic-saved-375.png"), full_page=True)

    page.goto(f"{live_server.url}/r/{token}/")
    page.locator("form button[type=submit]").click()  # continue where I stopped, still in Arabic
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    for _ in range(12):
        if page.locator(".questionnaire-actions button[value=next]").count() == 0:
            break
        answer_by_value(page)
        page.locator(".questionnaire-actions button[value=next]").click()
    expect(page.locator("form[action$='/submit/'] button[type=submit]")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator("form[action$='/submit/'] button[type=submit]").click()

    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.screenshot(path=str(SCREENSHOTS / "arabic-done-375.png"), full_page=True)
    response = Response.objects.get(campaign=campaign)  # anonymous: no longer linked to the invitation
    assert response.submitted_at is not None
    assert response.language == "ar"
    phone.close()
