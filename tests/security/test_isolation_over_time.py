"""Issue 11, attack 3: a report that updated with every response revealed each response after the fifth by
subtraction (6 x mean(6) - 5 x mean(5)). Pages now show figures that move on only once the anonymity
threshold of new responses has come in, or when the campaign closes (PRODUCT.md section 4, rule 4)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.campaigns.services import campaign_for_group
from assessment.results.selectors import assessment_result, result_as_json
from assessment.results.services import publish_result

from ..factories import submit_many

pytestmark = pytest.mark.django_db

CHART_DATA = re.compile(r'<script type="application/json" id="([\w-]+)-figure">(.*?)</script>', re.S)


def charts(html: str) -> dict[str, str]:
    """The chart data blocks but the response counts' (how many answered is no figure about the answers)."""
    return {key: data for key, data in CHART_DATA.findall(html) if key != "chart-responses"}


def shown(client, assessment) -> tuple[dict[str, object], dict[str, str]]:
    """What a manager can read: the figures (as export_results words them) and the page's chart data."""
    reply = client.get(reverse("report", args=[assessment.pk]))
    assert reply.status_code == 200
    return result_as_json(assessment_result(assessment)), charts(reply.content.decode())


def test_the_sixth_response_cannot_be_read_off_the_difference(client, manager, assessment):
    client.force_login(manager)
    submit_many(assessment, "customers", 5, mean=2.0, seed=1)
    five, five_charts = shown(client, assessment)
    assert five["groups"]["customers"]["n"] == 5

    # One more respondent, far from the others: nothing a page shows moves.
    submit_many(assessment, "customers", 1, mean=5.0, seed=2)
    six, six_charts = shown(client, assessment)
    assert six == five
    assert six_charts == five_charts
    assert assessment_result(assessment, live=True).groups["customers"].responses == 6

    # Four more make five new since the figures shown: they move on, all at once.
    submit_many(assessment, "customers", 4, mean=2.0, seed=3)
    ten, _ = shown(client, assessment)
    assert ten["groups"]["customers"]["n"] == 10
    assert ten["groups"]["customers"]["dimensions"] != five["groups"]["customers"]["dimensions"]


def test_a_publication_freezes_the_figures_shown_not_the_latest_response(client, manager, assessment):
    client.force_login(manager)
    submit_many(assessment, "customers", 5, mean=2.0, seed=1)
    first = publish_result(assessment=assessment, published_by=manager)
    submit_many(assessment, "customers", 2, mean=5.0, seed=2)
    second = publish_result(assessment=assessment, published_by=manager)
    assert second.result == first.result
    assert second.nps == first.nps


def test_a_closed_campaign_shows_every_response(client, manager, assessment):
    client.force_login(manager)
    submit_many(assessment, "customers", 7, mean=3.0, seed=1)
    assert shown(client, assessment)[0]["groups"]["customers"]["n"] == 7  # first figures: 7 since none shown
    submit_many(assessment, "customers", 2, mean=3.0, seed=2)
    assert shown(client, assessment)[0]["groups"]["customers"]["n"] == 7
    campaign = campaign_for_group(assessment=assessment, group="customers")
    campaign.closes_at = timezone.now() - dt.timedelta(minutes=1)
    campaign.opens_at = campaign.closes_at - dt.timedelta(days=10)
    campaign.save()
    assert shown(client, assessment)[0]["groups"]["customers"]["n"] == 9


def test_the_self_assessment_is_shown_at_once(client, manager, assessment):
    """Management is exempt from suppression (one manager's self-assessment is the main use), so from steps."""
    client.force_login(manager)
    submit_many(assessment, "management", 1, mean=4.0)
    assert shown(client, assessment)[0]["groups"]["management"]["n"] == 1
    submit_many(assessment, "management", 1, mean=2.0, seed=2)
    assert shown(client, assessment)[0]["groups"]["management"]["n"] == 2


def test_hr_sees_employee_figures_in_the_same_steps(client, hr_user, assessment):
    client.force_login(hr_user)
    submit_many(assessment, "employees", 5, mean=3.0, seed=1)
    before = client.get(reverse("report", args=[assessment.pk])).content.decode()
    submit_many(assessment, "employees", 1, mean=5.0, seed=2)
    after = client.get(reverse("report", args=[assessment.pk])).content.decode()
    assert charts(before)
    assert charts(after) == charts(before)


def test_the_report_says_which_figures_wait_for_more_responses(client, manager, assessment):
    client.force_login(manager)
    submit_many(assessment, "customers", 5, mean=2.0, seed=1)
    client.get(reverse("report", args=[assessment.pk]))
    submit_many(assessment, "customers", 2, mean=2.0, seed=2)
    html = client.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "customers: figures from 5 of 7 submitted responses." in html.lower()
