"""Real clicks in Debian's Chromium: the self-assessment on a desktop, a respondent link on a phone."""

from __future__ import annotations

import pytest

from assessment import services
from assessment.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def answer_page(page, likert_label: str) -> None:
    """Click one answer in every question on the page, as a person would."""
    for question in page.locator("fieldset.question").all():
        kind = question.get_attribute("data-type")
        if kind == "likert5":
            question.get_by_text(likert_label, exact=True).click()
        elif kind == "nps":
            question.locator("label", has_text="8").first.click()
        elif kind in ("single", "multi"):
            question.locator(".choice label").first.click()
        else:
            question.locator("textarea").fill("Answer the phone faster.")


def test_manager_completes_self_assessment_by_clicking(browser, live_server, manager, assessment):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="2026 Q4").click()
    page.get_by_role("link", name="Start your self-assessment").click()

    # Next without answering: the page explains what is missing and keeps the visitor on it.
    page.get_by_role("button", name="Next").click()
    assert page.locator("#error-summary").is_visible()
    assert "Please choose an answer" in page.content()

    pages = 0
    while page.get_by_role("button", name="Review answers").count() == 0:
        answer_page(page, "Agree")
        page.get_by_role("button", name="Next").click()
        pages += 1
        assert pages < 10
    answer_page(page, "Strongly agree")
    page.get_by_role("button", name="Review answers").click()
    assert page.get_by_role("heading", name="Review your answers").is_visible()
    page.get_by_role("button", name="Submit my answers").click()
    assert page.get_by_text("your self-assessment is submitted").is_visible()
    response = Response.objects.get(respondent=manager)
    assert response.submitted_at is not None
    assert response.dimension_scores.count() == 16
    page.close()


def test_respondent_answers_link_on_a_phone(browser, live_server, campaign):
    (email, token), *_ = services.create_invitations(campaign=campaign, emails=["phone@example.com"])[0]
    link = f"{live_server.url}/r/{token}/"
    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    assert page.get_by_role("heading", name="About you").is_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    answer_page(page, "Agree")
    page.get_by_role("button", name="Next").click()
    answer_page(page, "Agree")
    page.get_by_role("button", name="Save and come back later").click()
    assert page.get_by_role("heading", name="Your answers are saved").is_visible()
    phone.close()

    # Later, on the same phone with a fresh browser: back on page 2 with the answers kept.
    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    assert "Page 2 of" in page.content()
    assert page.locator("fieldset.question input:checked").count() >= 3
    page.get_by_role("button", name="Next").click()
    while page.get_by_role("button", name="Review answers").count() == 0:
        answer_page(page, "Disagree")
        page.get_by_role("button", name="Next").click()
    answer_page(page, "Disagree")
    page.get_by_role("button", name="Review answers").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Submit my answers").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()

    # The used link now gets a clear page, not an error.
    page.goto(link)
    assert page.get_by_role("heading", name="These answers are already submitted").is_visible()
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
    phone.close()
