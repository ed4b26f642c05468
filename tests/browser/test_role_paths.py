"""Every role's path through the site at a phone's width and a desktop's (issue 9): a screenshot of each page
under tests/screenshots/ (to look at; not committed) and axe-core on each, with no violation anywhere.

Respondent: invitation link, welcome, every page, review, thank you. Manager: login, home, organisation,
assessment, self-assessment, campaign, report, publish. HR: employee campaign and employee results only, and no
link on its pages that answers it with an error. Consultant: clients, report, scoring settings (an invalid
value keeps what was typed, with the error by the field), commentary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment.invitations.services import create_invitations

from ..helpers import answer_page
from .conftest import SCREENSHOTS, WIDTHS, charts_drawn, log_in, seed_demo, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Walk:
    """One role's walk at one width: each page is photographed and checked by axe as it is reached."""

    def __init__(self, browser, role: str, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 576)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.role, self.width = role, width
        self.found: dict[str, list[str]] = {}
        self.steps = 0

    def check(self, name: str) -> None:
        self.steps += 1
        self.page.wait_for_load_state("load")
        if self.page.locator(".plotly-chart").count():
            charts_drawn(self.page)
        slug = re.sub(r"\W+", "-", name.lower()).strip("-")
        self.page.screenshot(
            path=str(SCREENSHOTS / f"{self.role}-{self.width}-{self.steps:02d}-{slug}.png"), full_page=True
        )
        # Nothing is wider than the screen.
        assert self.page.evaluate("document.documentElement.scrollWidth") <= self.width, (self.role, name)
        if found := violations(self.page, charts=False):
            self.found[name] = found

    def close(self) -> dict[str, list[str]]:
        self.context.close()
        return self.found


def test_respondent_from_invitation_to_thank_you(browser, live_server, campaign):
    found = {}
    for width in WIDTHS:
        (_, token), *_ = create_invitations(campaign=campaign, emails=[f"walk-{width}@example.com"])[0]
        walk = Walk(browser, "respondent", width)
        page = walk.page
        page.goto(f"{live_server.url}/r/{token}/")
        expect(page.get_by_role("heading", name="Acme Bakery asks its customers")).to_be_visible()
        walk.check("welcome")
        page.get_by_role("button", name="Start").click()
        number = 1
        while page.get_by_role("button", name="Review answers").count() == 0:
            walk.check(f"page {number}")
            answer_page(page, "Agree")
            page.get_by_role("button", name="Next").click()
            number += 1
            assert number < 12
        walk.check(f"page {number}")
        answer_page(page, "Agree")
        page.get_by_role("button", name="Review answers").click()
        expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
        walk.check("review")
        page.get_by_role("button", name="Submit my answers").click()
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
        walk.check("thank you")
        found |= {f"{width} px: {name}": v for name, v in walk.close().items()}
    assert found == {}


def test_staff_paths(browser, live_server):
    """The demo data once, then each staff role's walk at each width."""
    seed_demo()
    found = {}
    for width in WIDTHS:
        for walk_of in (manager_walk, hr_walk, consultant_walk):
            found |= walk_of(browser, live_server.url, width)
    assert found == {}


def manager_walk(browser, url: str, width: int) -> dict[str, list[str]]:
    from assessment.models import Assessment, Campaign

    current = Assessment.objects.get(title="2026 Q4")
    walk = Walk(browser, "manager", width)
    page = walk.page
    page.goto(f"{url}/accounts/login/")
    walk.check("login")
    log_in(page, url, "manager")
    walk.check("home")
    page.goto(f"{url}/organisations/{current.organisation_id}/members/")
    walk.check("organisation")
    page.goto(f"{url}/")
    page.get_by_role("link", name="2026 Q4").first.click()
    expect(page.get_by_role("link", name="Open the report")).to_be_visible()
    walk.check("assessment")
    page.get_by_role("link", name=re.compile("(Start|Continue) your self-assessment")).click()
    expect(page.locator("fieldset.question").first).to_be_visible()
    walk.check("self-assessment")
    campaign = Campaign.objects.get(assessment=current, group="customers")
    page.goto(f"{url}/campaigns/{campaign.pk}/")
    walk.check("campaign")
    page.goto(f"{url}/assessments/{current.pk}/report/")
    walk.check("report")
    page.get_by_role("button", name="Publish this result").click()
    expect(page.get_by_text(re.compile(r"Published report #\d+"))).to_be_visible()
    walk.check("published report")
    return {f"{walk.role} at {width} px: {name}": v for name, v in walk.close().items()}


def hr_walk(browser, url: str, width: int) -> dict[str, list[str]]:
    """Employees only, and no action HR may not take."""
    from assessment.models import Assessment, Campaign

    current = Assessment.objects.get(title="2026 Q4")
    employees = Campaign.objects.get(assessment=current, group="employees")
    walk = Walk(browser, "hr", width)
    page = walk.page
    log_in(page, url, "hr")
    walk.check("home")
    offered = set()
    for name, path in (
        ("employee campaign", f"/campaigns/{employees.pk}/"),
        ("employee results", f"/assessments/{current.pk}/report/"),
    ):
        page.goto(f"{url}{path}")
        walk.check(name)
        offered |= {
            href for href in page.locator("main a[href^='/']").evaluate_all("links => links.map(a => a.pathname)")
        }
        for action in ("New assessment", "Publish this result", "Start your self-assessment", "Delete"):
            assert page.get_by_role("button", name=action).count() == 0, (name, action)
            assert page.get_by_role("link", name=action).count() == 0, (name, action)
    text = page.locator("main").inner_text()
    assert "Employee results for" in text and "Customers" not in text
    # Every link HR is offered opens for HR: none answers with a 403 or a 404.
    refused = {href: status for href in offered if (status := page.request.get(url + href).status) >= 400}
    assert refused == {}
    return {f"{walk.role} at {width} px: {name}": v for name, v in walk.close().items()}


def consultant_walk(browser, url: str, width: int) -> dict[str, list[str]]:
    from assessment.models import Assessment

    current = Assessment.objects.get(title="2026 Q4")
    previous = Assessment.objects.get(title="2026 Q2")
    walk = Walk(browser, "consultant", width)
    page = walk.page
    log_in(page, url, "consultant")
    walk.check("clients")
    page.goto(f"{url}/assessments/{current.pk}/report/")
    walk.check("report")
    page.goto(f"{url}/assessments/{current.pk}/scoring/")
    walk.check("scoring settings")
    field = page.get_by_label(re.compile("Fewest responses a group needs"))
    field.fill("2")
    page.get_by_role("button", name="Save settings").click()
    # What was typed stays, and the error sits by the field (and in the summary at the top).
    expect(field).to_have_value("2")
    by_field = page.locator(f"#{field.get_attribute('id')} ~ .invalid-feedback, #error_1_{field.get_attribute('id')}")
    expect(by_field.first).to_be_visible()
    walk.check("scoring settings with an error")
    page.goto(f"{url}/assessments/{previous.pk}/report/?published=1")
    expect(page.get_by_role("heading", name="The consultant's commentary")).to_be_visible()
    page.locator("#commentary summary").click()
    page.get_by_label("Commentary (empty removes it)").fill("Customers notice the faster replies.")
    page.locator("#commentary").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#commentary").get_by_text("Customers notice the faster replies.")).to_be_visible()
    walk.check("commentary")
    return {f"{walk.role} at {width} px: {name}": v for name, v in walk.close().items()}
