"""The respondent's side: personal and shareable links, save and resume, review, submit once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.campaigns.services import close_campaign, create_campaign
from assessment.invitations.services import create_invitations
from assessment.models import Answer, Campaign, Invitation, Response, ResponseDimensionScore
from assessment.tokens import hash_token, share_signature

from ..helpers import page_answers, page_count

pytestmark = pytest.mark.django_db


def invite(campaign: Campaign, email: str = "ann@example.com") -> str:
    created, _ = create_invitations(campaign=campaign, emails=[email])
    return created[0][1]


def answer_everything(client, campaign: Campaign, token: str, likert: str = "4") -> None:
    for number in range(1, page_count(campaign) + 1):
        reply = client.post(reverse("respond_section", args=[token, number]), page_answers(campaign, number, likert))
        assert reply.status_code == 302, reply.content.decode()[:2000]


def test_personal_link_welcomes_then_opens_first_page_in_audience_wording(client, campaign):
    token = invite(campaign)
    welcome = client.get(reverse("respond", args=[token]), follow=True)
    assert welcome.redirect_chain[-1][0] == reverse("respond_welcome")  # the token leaves the address bar
    html = welcome.content.decode()
    assert "Acme Bakery asks its customers" in html and "about" in html and "anonymous" in html
    # Opening the link (a GET, as a mail system's link scanner does) stores nothing.
    assert not Response.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    reply = client.post(reverse("respond_welcome"), {"language": "en"}, follow=True)
    assert reply.redirect_chain[-1][0] == reverse("respond_page", args=[1])
    html = reply.content.decode()
    assert "Page 1 of" in html
    assert 'role="progressbar"' in html
    # Customers see the profile page first (version 1); no management wording leaks in.
    assert "About you" in html
    assert "Level 1" not in html
    assert token not in html.split("<form")[0]  # no token in the page's own address or links
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.OPENED


def test_invalid_answer_gets_clear_message_and_nothing_is_lost(client, campaign):
    token = invite(campaign)
    data = page_answers(campaign, 2)
    first_field = next(k for k in data if k != "action")
    del data[first_field]
    data[next(k for k in data if k not in ("action", first_field))] = "7"
    reply = client.post(reverse("respond_section", args=[token, 2]), data)
    assert reply.status_code == 400
    html = reply.content.decode()
    assert "Please check 2 answers on this page" in html
    assert "Don&#x27;t know / not applicable" in html
    assert "Select a valid choice" in html


def test_save_and_resume_keeps_answers_and_page(client, campaign):
    token = invite(campaign)
    client.post(reverse("respond_section", args=[token, 1]), page_answers(campaign, 1))
    data = page_answers(campaign, 2, likert="2")
    data["action"] = "save"
    reply = client.post(reverse("respond_section", args=[token, 2]), data)
    assert reply.status_code == 200
    assert "Your answers are saved" in reply.content.decode()

    # The same browser, coming back by the link, returns to page 2 with the answers ticked.
    welcome = client.get(reverse("respond", args=[token]), follow=True)
    assert "Continue where you stopped" in welcome.content.decode()
    reply = client.post(reverse("respond_welcome"), {"language": "en"})
    assert reply.status_code == 302
    assert reply.url == reverse("respond_page", args=[2])
    html = client.get(reply.url).content.decode()
    assert len(re.findall(r'value="2" id="[^"]+"( required)? checked', html)) >= 3
    response = Response.objects.get()
    assert response.current_section == 2
    assert Invitation.objects.get().status == Invitation.Status.STARTED


def test_full_submit_scores_and_second_submit_gets_clear_page(client, campaign, django_capture_on_commit_callbacks):
    token = invite(campaign)
    answer_everything(client, campaign, token, likert="5")
    review = client.get(reverse("respond_review", args=[token]))
    assert review.status_code == 200
    assert "Submit my answers" in review.content.decode()
    assert "Not answered (required)" not in review.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the invitation is marked after the commit
        reply = client.post(reverse("respond_submit", args=[token]))
    assert reply.status_code == 302 and reply.url == reverse("respond_done")
    response = Response.objects.get()
    assert response.submitted_at is not None
    scores = ResponseDimensionScore.objects.filter(response=response)
    assert scores.count() >= 9
    # All 5s, reverse items answered 5 too, so reverse-worded dimensions score below 100.
    assert {round(s.score, 1) for s in scores} <= {100.0, 75.0, 66.7}
    assert Invitation.objects.get().status == Invitation.Status.COMPLETED

    again = client.post(reverse("respond_submit", args=[token]))
    assert again.status_code == 410
    assert "already submitted" in again.content.decode()
    reopened = client.get(reverse("respond", args=[token]))
    assert reopened.status_code == 410
    assert ResponseDimensionScore.objects.filter(response=response).count() == scores.count()


def test_anonymous_submit_cuts_every_link_to_the_person(client, campaign):
    assert campaign.anonymity == Campaign.Anonymity.ANONYMOUS
    token = invite(campaign)
    answer_everything(client, campaign, token)
    client.post(reverse("respond_submit", args=[token]))
    response = Response.objects.get()
    assert response.invitation_id is None
    assert response.token_hash is None
    assert response.started_at is None
    assert response.submitted_at.time() == dt.time(0, 0)


def test_confidential_submit_keeps_the_link(client, assessment):
    campaign = create_campaign(assessment=assessment, group="employees", anonymity="confidential")
    token = invite(campaign)
    answer_everything(client, campaign, token)
    client.post(reverse("respond_submit", args=[token]))
    response = Response.objects.get()
    assert response.invitation is not None
    assert response.token_hash == hash_token(token)


def test_submit_with_missing_answers_lists_them(client, campaign):
    token = invite(campaign)
    client.post(reverse("respond_section", args=[token, 1]), page_answers(campaign, 1))
    reply = client.post(reverse("respond_submit", args=[token]))
    assert reply.status_code == 400
    html = reply.content.decode()
    assert "required questions still need an answer" in html
    assert "Not answered (required)" in html
    assert Response.objects.get().submitted_at is None


def test_closed_campaign_and_unknown_token_get_clear_pages(client, campaign):
    token = invite(campaign)
    assert client.get(reverse("respond", args=["not-a-real-token"])).status_code == 404
    close_campaign(campaign=campaign)
    reply = client.get(reverse("respond", args=[token]))
    assert reply.status_code == 410
    assert "This survey is closed" in reply.content.decode()


def test_not_yet_open_campaign(client, campaign):
    campaign.opens_at = timezone.now() + dt.timedelta(days=1)
    campaign.save()
    reply = client.get(reverse("respond", args=[invite(campaign)]))
    assert reply.status_code == 410
    assert "not open yet" in reply.content.decode()


def test_shareable_link_starts_a_resumable_response(client, campaign):
    url = reverse(
        "respond_shared", args=[campaign.public_id, share_signature(str(campaign.public_id), campaign.share_salt)]
    )
    reply = client.get(url)
    assert reply.status_code == 302
    token = reply.url.rstrip("/").split("/")[-1]
    answer_everything(client, campaign, token)
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
    # A forged signature is refused.
    forged = reverse("respond_shared", args=[campaign.public_id, "0" * 32])
    assert client.get(forged).status_code == 404


def test_shareable_link_resumes_the_visitors_unfinished_response(client, campaign):
    url = reverse(
        "respond_shared", args=[campaign.public_id, share_signature(str(campaign.public_id), campaign.share_salt)]
    )
    first = client.get(url).url
    assert not Response.objects.exists()  # following the link stores nothing
    client.get(first)  # the browser keeps its token
    client.post(first + "1/", page_answers(campaign, 1))
    assert client.get(url).url == first  # same browser: back to its response
    from django.test import Client

    assert Client().get(url).url != first  # another visitor: a token of their own
    token = first.rstrip("/").split("/")[-1]
    for number in range(2, page_count(campaign) + 1):
        client.post(reverse("respond_section", args=[token, number]), page_answers(campaign, number))
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    # One response per browser: after submitting, the link says so instead of starting another.
    again = client.get(url)
    assert again.status_code == 410 and "already submitted" in again.content.decode()
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
    assert Response.objects.count() == 1  # the other visitor opened the link but never answered


def test_tokens_are_stored_only_as_hashes(campaign):
    token = invite(campaign)
    assert len(token) >= 32  # 24 random bytes, url-safe
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash


def test_respondent_page_and_submit_query_counts(client, campaign, django_assert_max_num_queries):
    token = invite(campaign)
    client.get(reverse("respond", args=[token]))  # creates the response
    for number in range(1, page_count(campaign) + 1):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("respond_section", args=[token, number])).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.post(reverse("respond_section", args=[token, number]), page_answers(campaign, number))
        assert len(queries) <= 15, [q["sql"][:120] for q in queries]
    with django_assert_max_num_queries(15):
        assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    assert Answer.objects.count() > 30
