"""Real clicks in Debian's Chromium: the self-assessment on a desktop, a respondent link on a phone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.invitations.services import create_invitations
from assessment.models import Response

from .helpers import answer_page

SCREENSHOTS = Path(__file__).resolve().parent.parent / "bench" / "results" / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


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
    expect(page.locator("#error-summary")).to_be_visible()
    assert "Please choose an answer" in page.content()

    pages = 0
    while page.get_by_role("button", name="Review answers").count() == 0:
        answer_page(page, "Agree")
        page.get_by_role("button", name="Next").click()
        pages += 1
        assert pages < 10
    answer_page(page, "Strongly agree")
    page.get_by_role("button", name="Review answers").click()
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("your self-assessment is submitted")).to_be_visible()
    response = Response.objects.get(respondent=manager)
    assert response.submitted_at is not None
    assert response.dimension_scores.count() == 16
    page.close()


def test_respondent_answers_link_on_a_phone(browser, live_server, campaign):
    (email, token), *_ = create_invitations(campaign=campaign, emails=["phone@example.com"])[0]
    link = f"{live_server.url}/r/{token}/"
    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    # A welcome first: who asks, how long, how anonymous; the token has left the address bar.
    expect(page.get_by_role("heading", name="Acme Bakery asks its customers")).to_be_visible()
    assert token not in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "welcome-375.png"), full_page=True)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    answer_page(page, "Agree")
    page.get_by_role("button", name="Next").click()
    answer_page(page, "Agree")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    page.close()

    # Someone else's browser with the same link cannot open the saved answers.
    other = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    snooper = other.new_page()
    snooper.goto(link)
    expect(snooper.get_by_role("heading", name="These answers were begun in another browser")).to_be_visible()
    assert snooper.locator("fieldset.question input:checked").count() == 0
    other.close()

    # Later, on the same phone: back on page 2 with the answers kept.
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    page.get_by_role("button", name="Continue where you stopped").click()
    expect(page.get_by_text("Page 2 of")).to_be_visible()
    assert page.locator("fieldset.question input:checked").count() >= 3
    page.get_by_role("button", name="Next").click()
    while page.get_by_role("button", name="Review answers").count() == 0:
        answer_page(page, "Disagree")
        page.get_by_role("button", name="Next").click()
    answer_page(page, "Disagree")
    page.get_by_role("button", name="Review answers").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    # The used link now gets a clear page, not an error.
    page.goto(link)
    expect(page.get_by_role("heading", name="These answers are already submitted")).to_be_visible()
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
    phone.close()


def test_demo_report_renders_its_charts(browser, live_server):
    from django.core.management import call_command

    from assessment.models import Assessment

    call_command("seed_demo", stdout=io.StringIO())
    current = Assessment.objects.get(title="2026 Q4")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/?next=/assessments/{current.pk}/report/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Northwind Services is at level 1 of 3")).to_be_visible()
    page.locator(".report-chart .main-svg").nth(6).wait_for()
    for chart in ("ladder", "heatmap", "radar", "gaps", "segments", "responses", "trend"):
        assert page.locator(f"#chart-{chart} svg.main-svg").count() >= 1, chart
    # The departmentalisation advice shows because customer types differ widely.
    expect(page.locator("#departmentalisation")).to_be_visible()
    page.close()


def test_a_question_can_be_answered_with_the_keyboard_alone(browser, live_server, campaign):
    (_, token), *_ = create_invitations(campaign=campaign, emails=["keys@example.com"])[0]
    page = browser.new_page(viewport={"width": 1024, "height": 800})
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/r/{token}/2/")
    first = page.locator("fieldset.question").first
    first_radio = first.locator("input[type=radio]").first
    # Tab from the top of the page until the first answer option has the focus.
    for _ in range(15):
        page.keyboard.press("Tab")
        if first_radio.evaluate("el => el === document.activeElement"):
            break
    assert first_radio.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowRight")  # moves to and selects "Disagree"
    page.keyboard.press("ArrowRight")  # "Neither agree nor disagree"
    checked = first.locator("input:checked")
    assert checked.get_attribute("value") == "3"
    # The focused option is visibly marked (an outline around its label).
    outline = first.locator("input:checked + label").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.close()


def test_enter_on_a_chosen_answer_moves_forward_not_back(browser, live_server, campaign):
    (_, token), *_ = create_invitations(campaign=campaign, emails=["enter@example.com"])[0]
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/r/{token}/2/")  # page 2 has a "Previous" button before "Next"
    answer_page(page, "Agree")
    page.locator("fieldset.question input[type=radio]").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/r/{token}/3/")
    page.close()


def test_on_a_phone_the_report_ranks_dimensions_in_bars_with_every_name_readable(browser, live_server):
    from django.core.management import call_command

    from assessment.models import Assessment

    call_command("seed_demo", stdout=io.StringIO())
    current = Assessment.objects.get(title="2026 Q4")
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/?next=/assessments/{current.pk}/report/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#chart-heatmap .main-svg")
    for chart, count in (("heatmap", 16), ("radar", 16), ("ladder", 3)):
        labels = page.locator(f"#chart-{chart} .ytick text")
        assert labels.count() == count, chart  # ranked bars instead of a heatmap or a radar; "Level 1" on the ladder
        for n in range(labels.count()):
            box = labels.nth(n).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (chart, n)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#chart-heatmap").screenshot(path=str(SCREENSHOTS / "report-ranked-bars-375.png"))
    page.close()
