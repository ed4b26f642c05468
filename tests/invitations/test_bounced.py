"""Bounced addresses (issue 10, left open then): a manager corrects a bounced address, or tries them all again
as they are, and the next send reaches them with a new link; the earlier bounce stays on record."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from assessment.invitations.models import Delivery, Invitation

from .test_mailings import add, last_message, signed_in, start  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def bounced(settings, signed_in, campaign, django_capture_on_commit_callbacks):  # noqa: F811
    """bounce@example.com refused for good by the mail server, ok@example.com sent."""
    settings.EMAIL_BACKEND = "tests.invitations.backends.RefusingBackend"
    add(campaign, "bounce@example.com", "ok@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    assert Invitation.objects.get(email="bounce@example.com").status == "bounced"
    mail.outbox.clear()
    return Invitation.objects.get(email="bounce@example.com")


def test_the_campaign_page_lists_bounced_addresses_with_the_servers_answer(signed_in, campaign, bounced):  # noqa: F811
    page = signed_in.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert "1 address bounced" in page and 'value="bounce@example.com"' in page
    assert "550 5.1.1 No such user" in page


def test_a_corrected_address_gets_the_invitation_with_the_next_send(
    signed_in,  # noqa: F811
    campaign,
    bounced,
    django_capture_on_commit_callbacks,
):
    reply = signed_in.post(
        reverse("bounced_correct", args=[campaign.pk]), {"invitation": bounced.pk, "email": "Anna@Example.com"}
    )
    assert "anna@example.com will get the invitation" in last_message(reply)
    bounced.refresh_from_db()
    assert (bounced.email, bounced.status) == ("anna@example.com", "pending")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    assert [m.to[0] for m in mail.outbox] == ["anna@example.com"]
    bounced.refresh_from_db()
    assert bounced.status == "sent"
    # The refusal of the old address stays on record beside the new e-mail.
    assert sorted(Delivery.objects.filter(invitation=bounced).values_list("status", flat=True)) == ["bounced", "sent"]


def test_trying_again_as_they_are_sends_at_once(signed_in, campaign, bounced, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        reply = signed_in.post(reverse("bounced_retry", args=[campaign.pk]))
    assert "Sending 1 e-mails" in last_message(reply)
    # Still refused by this mail server: bounced again, and listed again.
    assert Invitation.objects.get(pk=bounced.pk).status == "bounced"
    assert Delivery.objects.filter(invitation=bounced, status="bounced").count() == 2


def test_a_correction_is_refused_for_an_address_taken_a_bad_address_or_one_that_did_not_bounce(
    signed_in,  # noqa: F811
    campaign,
    bounced,
):
    url = reverse("bounced_correct", args=[campaign.pk])
    assert "already invited" in last_message(signed_in.post(url, {"invitation": bounced.pk, "email": "ok@example.com"}))
    assert "valid email" in last_message(signed_in.post(url, {"invitation": bounced.pk, "email": "not an address"}))
    sent = Invitation.objects.get(email="ok@example.com")
    assert "has not bounced" in last_message(signed_in.post(url, {"invitation": sent.pk, "email": "x@example.com"}))
    assert "not in this campaign" in last_message(signed_in.post(url, {"invitation": "99999999", "email": "x@y.z"}))
    assert Invitation.objects.get(pk=bounced.pk).email == "bounce@example.com"
