"""axe-core in Chromium on every kind of page, at a phone's width and a desktop's: no violation (issue 9)."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe

from assessment.invitations.services import create_invitations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (375, 1366)


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/")


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_pages_have_no_violations(browser, live_server, width):
    from django.core.management import call_command

    from assessment.models import Assessment, Campaign

    call_command("seed_demo", stdout=io.StringIO())
    current = Assessment.objects.get(title="2026 Q4")
    campaign = Campaign.objects.get(assessment=current, group="customers")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(20_000)
    found = {}
    page.goto(f"{live_server.url}/accounts/login/")
    found["login"] = violations(page)
    log_in(page, live_server.url, "consultant")
    for name, path in (
        ("dashboard", "/"),
        ("assessment", f"/assessments/{current.pk}/"),
        ("campaign", f"/campaigns/{campaign.pk}/"),
        ("report", f"/assessments/{current.pk}/report/"),
        ("scoring settings", f"/assessments/{current.pk}/scoring/"),
        ("people", f"/organisations/{current.organisation_id}/members/"),
        ("not found", "/no/such/page/"),
    ):
        page.goto(f"{live_server.url}{path}")
        if name == "report":
            page.locator(".report-chart .main-svg").nth(5).wait_for()
        found[name] = violations(page)
    page.close()
    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_respondent_pages_have_no_violations(browser, live_server, campaign, width):
    (_, token), *_ = create_invitations(campaign=campaign, emails=["axe@example.com"])[0]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(20_000)
    found = {}
    page.goto(f"{live_server.url}/r/{token}/")
    found["welcome"] = violations(page)
    page.get_by_role("button", name="Start").click()
    found["question page"] = violations(page)
    page.get_by_role("button", name="Next").click()  # nothing answered on a page of required questions
    page.goto(f"{live_server.url}/r/page/2/")
    page.get_by_role("button", name="Next").click()
    found["page with errors"] = violations(page)
    page.goto(f"{live_server.url}/r/review/")
    found["review"] = violations(page)
    page.close()
    assert {name: v for name, v in found.items() if v} == {}
