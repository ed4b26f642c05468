"""The developer guide's query budget on the respondent's pages, with the current instrument (version 2):
a page in at most 10 queries and a submit in at most 15, whatever the number of questions (no query per
answer), through a shareable link as the peer benchmark answers and through a personal link."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.campaigns.services import create_campaign
from assessment.instruments.selectors import questionnaire
from assessment.invitations.services import create_invitations
from assessment.models import Answer, Campaign, Response
from assessment.tokens import share_signature

from ..helpers import page_answers, page_count

pytestmark = [pytest.mark.django_db, pytest.mark.instrument(2)]

PAGE_QUERIES = 10
SUBMIT_QUERIES = 15
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def counted(client, method: str, url: str, data: dict | None = None) -> tuple[int, object]:
    """The queries a request makes as it would outside a test: here every test runs in a transaction, so
    each atomic block adds a SAVEPOINT and its RELEASE that production does not send."""
    with CaptureQueriesContext(connection) as queries:
        reply = client.get(url) if method == "GET" else client.post(url, data or {})
    return sum(1 for q in queries if "SAVEPOINT" not in q["sql"]), reply


def answer_all(client, campaign: Campaign, base: str) -> dict[str, list[int]]:
    """One whole response as the benchmark's respondent gives it, with the queries each request made."""
    made: dict[str, list[int]] = {"get": [], "post": [], "review": [], "submit": []}
    for number in range(1, page_count(campaign) + 1):
        queries, reply = counted(client, "GET", f"{base}{number}/")
        assert reply.status_code == 200
        made["get"].append(queries)
        queries, reply = counted(client, "POST", f"{base}{number}/", page_answers(campaign, number))
        assert reply.status_code == 302, reply.content.decode()[:2000]
        made["post"].append(queries)
    queries, reply = counted(client, "GET", f"{base}review/")
    assert reply.status_code == 200
    made["review"].append(queries)
    queries, reply = counted(client, "POST", f"{base}submit/")
    assert reply.status_code == 302 and reply["Location"] == reverse("respond_done")
    made["submit"].append(queries)
    return made


def assert_within_budget(made: dict[str, list[int]]) -> None:
    assert max(made["get"] + made["review"]) <= PAGE_QUERIES, made
    assert max(made["post"]) <= SUBMIT_QUERIES, made
    assert made["submit"][0] <= SUBMIT_QUERIES, made


def shared_base(client, campaign: Campaign) -> str:
    share = reverse(
        "respond_shared", args=[campaign.public_id, share_signature(str(campaign.public_id), campaign.share_salt)]
    )
    queries, reply = counted(client, "GET", share)
    assert reply.status_code == 302 and queries <= PAGE_QUERIES
    return reply["Location"]


@pytest.mark.parametrize("group", ["employees", "customers"])
def test_shared_link_pages_and_submit_keep_to_the_budget(client, assessment, group):
    campaign = create_campaign(assessment=assessment, group=group)
    Campaign.objects.filter(pk=campaign.pk).update(shared_starts_per_hour=100)
    assert campaign.instrument.version == 2
    assert_within_budget(answer_all(client, campaign, shared_base(client, campaign)))  # caches cold
    client.cookies.clear()
    again = answer_all(client, campaign, shared_base(client, campaign))  # a second respondent, caches warm
    assert_within_budget(again)
    assert Response.objects.filter(submitted_at__isnull=False).count() == 2
    asked = questionnaire(campaign.instrument_id, campaign.group).items
    assert Answer.objects.count() >= 2 * sum(1 for item in asked if item.required)


def test_queries_do_not_grow_with_the_questions_on_a_page(client, assessment):
    """The employees' pages have 9 to 13 questions and no filter question: each page costs the same."""
    campaign = create_campaign(assessment=assessment, group="employees")
    sizes = {len(page.items) for page in questionnaire(campaign.instrument_id, campaign.group).pages}
    assert len(sizes) > 1
    answer_all(client, campaign, shared_base(client, campaign))
    client.cookies.clear()
    made = answer_all(client, campaign, shared_base(client, campaign))
    assert len(set(made["get"][1:])) == 1, made  # the first page is shown before the response exists
    assert len(set(made["post"][1:])) == 1, made  # the first POST creates the response


def test_personal_link_pages_and_submit_keep_to_the_budget(client, assessment):
    campaign = create_campaign(assessment=assessment, group="customers")
    created, _ = create_invitations(campaign=campaign, emails=["ann@example.com"])
    token = created[0][1]
    base = reverse("respond", args=[token])
    assert_within_budget(answer_all(client, campaign, base))
    assert Response.objects.get().submitted_at is not None


def test_the_benchmark_path_reads_and_writes_each_page_in_one_statement(client, assessment):
    """What the peer benchmark's respondent costs on PostgreSQL, warm: a page shown is one query (the response
    with its answers), a page stored two (the response, then its answers in one statement), the review one
    and the submit three (the response; it locked with its answers; its scores, itself and the campaign's
    totals written in one statement). A query more on this path is a few per cent of the respondents per second."""
    campaign = create_campaign(assessment=assessment, group="employees")
    answer_all(client, campaign, shared_base(client, campaign))
    client.cookies.clear()
    made = answer_all(client, campaign, shared_base(client, campaign))
    pages = page_count(campaign)
    assert made["get"] == [2] + [1] * (pages - 1), made  # the first page is shown before the response exists
    assert made["post"] == [4] + [2] * (pages - 1), made  # the first POST creates the response
    assert made["review"] == [1] and made["submit"] == [3], made


def test_the_language_cookie_is_sent_when_it_changes_not_with_every_page(client, assessment, settings):
    campaign = create_campaign(assessment=assessment, group="employees")
    base = shared_base(client, campaign)
    first = client.get(f"{base}1/")
    assert first.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    client.post(f"{base}1/", page_answers(campaign, 1))
    again = client.get(f"{base}2/")
    assert again.status_code == 200 and settings.LANGUAGE_COOKIE_NAME not in again.cookies
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hu"  # another tab chose another language
    assert client.get(f"{base}2/").cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
