"""Open-text comments on the report page (PRODUCT.md section 6): per group, only when the group is
shown and has at least 10 of them, in random order, with nothing about the respondent beside them;
read once per step of the figures, whatever the number of responses."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.instruments.selectors import questionnaire
from assessment.models import Campaign, Role
from assessment.organisations.access import Access
from assessment.results.report import report

from .test_report_helpers import page, section, submit
from .test_report_page import settled_queries

pytestmark = pytest.mark.django_db


def comments(prefix: str, count: int) -> list[str]:
    return [f"{prefix} comment number {i}: please answer the phone sooner" for i in range(count)]


def shown_comments(html: str) -> list[str]:
    if 'id="comments"' not in html:
        return []
    return [re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", section(html, "comments"), re.S)]


@pytest.fixture
def surveyed(assessment):
    submit(assessment, "management", 1, mean=4.5)
    submit(assessment, "employees", 12, mean=3.2, seed=2, comments=comments("Employee", 10))
    return assessment


@pytest.mark.parametrize(("count", "shown"), [(9, False), (10, True)])
def test_a_group_needs_ten_comments(client, manager, surveyed, count, shown):
    submit(surveyed, "customers", 30, comments=comments("Customer", count))
    client.force_login(manager)
    texts = shown_comments(page(client, surveyed))
    customer_texts = [t for t in texts if t.startswith("Customer")]
    assert sorted(customer_texts) == (sorted(comments("Customer", count)) if shown else [])


def test_blank_answers_do_not_count(client, manager, surveyed):
    submit(surveyed, "customers", 30, comments=[*comments("Customer", 9), "   ", "\n"])
    client.force_login(manager)
    assert not [t for t in shown_comments(page(client, surveyed)) if t.startswith("Customer")]


def test_a_suppressed_group_shows_no_comments(client, manager, surveyed):
    submit(surveyed, "partners", 12, comments=comments("Partner", 12))
    Campaign.objects.filter(assessment=surveyed, group="partners").update(anonymity_threshold=20)
    client.force_login(manager)
    html = page(client, surveyed)
    assert "Not enough responses to protect anonymity:</strong> Partners" in html
    assert "Partner comment" not in html


def test_hr_sees_employee_comments_only(client, manager, hr_user, surveyed):
    submit(surveyed, "customers", 30, comments=comments("Customer", 12))
    client.force_login(manager)
    texts = shown_comments(page(client, surveyed))
    assert {t.split()[0] for t in texts} == {"Customer", "Employee"}
    client.force_login(hr_user)
    html = page(client, surveyed)
    assert sorted(shown_comments(html)) == sorted(comments("Employee", 10))
    assert "Customer comment" not in html


def test_comments_come_alone_and_in_random_order(client, manager, surveyed):
    submit(surveyed, "customers", 30, comments=comments("Customer", 12))
    client.force_login(manager)
    orders = set()
    for _ in range(6):
        html = page(client, surveyed)
        block = section(html, "comments")
        # Each list item is the comment itself: no date, no segment, no number of the response.
        items = re.findall(r"<li>(.*?)</li>", block, re.S)
        assert set(items) == set(comments("Customer", 12)) | set(comments("Employee", 10))
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|individual|organisation|government|response", block)
        orders.add(tuple(items))
    assert len(orders) > 1


def test_comments_are_sampled_when_the_figures_move_on_and_not_read_again(manager, surveyed, organisation):
    """One query per open question when a step is due (results.shown), none on the views in between."""
    submit(surveyed, "customers", 30, comments=comments("Customer", 12))
    open_questions = sum(
        item.type == "text"
        for campaign in Campaign.objects.filter(assessment=surveyed)
        for item in questionnaire(campaign.instrument_id, campaign.group).items
    )
    assert open_questions
    with CaptureQueriesContext(connection) as moving:
        data = report(surveyed, Access(organisation, Role.MANAGER))
    assert [block.group for block in data.comments] == ["customers", "employees"]
    assert sum('"assessment_answer"' in q["sql"] for q in moving.captured_queries) <= open_questions
    with CaptureQueriesContext(connection) as settled:
        again = report(surveyed, Access(organisation, Role.MANAGER))
    assert again.comments and not any('"assessment_answer"' in q["sql"] for q in settled.captured_queries)


def test_query_count_with_comments_does_not_grow_with_responses(client, manager, assessment):
    client.force_login(manager)
    submit(assessment, "management", 1)
    submit(assessment, "customers", 12, comments=comments("Customer", 10))
    submit(assessment, "employees", 12, comments=comments("Employee", 10))
    url = reverse("report", args=[assessment.pk])
    small = settled_queries(client, url)
    submit(assessment, "customers", 120, seed=5, comments=comments("More", 80))
    submit(assessment, "employees", 60, seed=6, comments=comments("Staff", 40))
    large = settled_queries(client, url)
    assert large[1] == small[1] <= 20
    assert max(small[0], large[0]) <= small[1] + 10  # moving on: a few queries per campaign, none per response
