"""Issue 11, attack 1: a manager who had seen an invitee's personal link opened it in a clean browser, read
the invitee's saved answers and could have submitted them. Saved answers now open only in the browser that
began them; another browser may only start afresh, which deletes them unread."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessment.invitations.services import create_invitations
from assessment.models import Answer, Response

from ..helpers import page_answers, page_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def begun(campaign) -> tuple[Client, str]:
    """An invitee who opened the link from the e-mail, started, and saved the first page with a comment."""
    [(_, token)], _ = create_invitations(campaign=campaign, emails=["person@example.com"])
    invitee = Client()
    assert invitee.get(reverse("respond", args=[token])).status_code == 302
    assert invitee.post(reverse("respond_welcome"), {"language": "en"}).status_code == 302
    assert invitee.post(reverse("respond_page", args=[1]), page_answers(campaign, 1, likert="2")).status_code == 302
    assert Answer.objects.filter(response__campaign=campaign).exists()
    return invitee, token


def test_another_browser_with_the_link_cannot_read_the_saved_answers(campaign, begun):
    _, token = begun
    snooper = Client()
    assert snooper.get(reverse("respond", args=[token])).status_code == 302
    for url in (reverse("respond_welcome"), reverse("respond_page", args=[1]), reverse("respond_page_review")):
        reply = snooper.get(url)
        assert reply.status_code == 409, url
        assert "begun in another browser" in reply.content.decode()
        assert "checked" not in reply.content.decode()
    # Nor through the addresses that carry the token.
    assert snooper.get(reverse("respond_section", args=[token, 1])).status_code == 409


def test_another_browser_cannot_change_or_submit_them(campaign, begun):
    _, token = begun
    snooper = Client()
    snooper.get(reverse("respond", args=[token]))
    saved = sorted(Answer.objects.values_list("item_id", "value"))
    assert snooper.post(reverse("respond_page", args=[1]), page_answers(campaign, 1, likert="5")).status_code == 409
    assert snooper.post(reverse("respond_page_submit")).status_code == 409
    assert sorted(Answer.objects.values_list("item_id", "value")) == saved
    assert not Response.objects.filter(submitted_at__isnull=False).exists()


def test_starting_again_elsewhere_deletes_the_saved_answers_and_moves_the_response(campaign, begun):
    invitee, token = begun
    other = Client()
    other.get(reverse("respond", args=[token]))
    assert other.post(reverse("respond_start_again")).status_code == 302
    assert not Answer.objects.exists()
    assert other.get(reverse("respond_welcome")).status_code == 200
    # The first browser is now the other one.
    assert invitee.get(reverse("respond_page", args=[1])).status_code == 409


def test_the_browser_that_began_goes_on_as_before(campaign, begun):
    invitee, _ = begun
    reply = invitee.get(reverse("respond_page", args=[1]))
    assert reply.status_code == 200
    assert "checked" in reply.content.decode()


def test_a_submitted_response_keeps_no_trace_of_the_browser(campaign, begun):
    invitee, _ = begun
    assert Response.objects.get().browser_hash
    for number in range(2, page_count(campaign) + 1):
        assert invitee.post(reverse("respond_page", args=[number]), page_answers(campaign, number)).status_code == 302
    assert invitee.post(reverse("respond_page_submit")).status_code == 302
    assert Response.objects.get().browser_hash == ""
