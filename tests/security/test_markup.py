"""Text people type stays text: no clickable link in a chart, no formula in a spreadsheet (issue 11, attack 8)."""

import json
import re

import pytest
from django.urls import reverse

from assessment.assessments.services import create_assessment

from ..factories import submit_many

pytestmark = pytest.mark.django_db


def test_a_link_in_an_assessment_title_is_no_link_in_the_trend_chart(client, manager, organisation, assessment):
    submit_many(assessment, "employees", 6)
    later = create_assessment(organisation=organisation, title='<a href="https://evil.example">Q1</a>')
    submit_many(later, "employees", 6, seed=7)
    client.force_login(manager)
    page = client.get(reverse("report", args=[later.pk])).content.decode()
    block = re.search(r'id="chart-trend-figure">(.*?)</script>', page, re.S).group(1)
    names = [trace["name"] for trace in json.loads(block)["data"]]
    assert all("<a" not in name for name in names)
    assert any("&lt;a href" in name for name in names)  # shown as typed, as text


def test_an_address_like_a_formula_is_escaped_in_the_paste_box(client, manager, campaign):
    client.force_login(manager)
    reply = client.post(reverse("invitations_create", args=[campaign.pk]), {"emails": "=1+2@example.com"})
    box = re.search(r'<textarea[^>]*id="all-links"[^>]*>(.*?)</textarea>', reply.content.decode(), re.S).group(1)
    assert box.startswith("&#x27;=1+2@example.com,") or box.startswith("'=1+2@example.com,")
