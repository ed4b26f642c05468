import re

import pytest
from django.urls import reverse

from assessment.invitations.services import create_invitations
from assessment.models import Invitation
from assessment.tokens import hash_token

pytestmark = pytest.mark.django_db


def test_owner_sees_share_link_and_counts(client, manager, campaign):
    client.force_login(manager)
    html = client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert f"/s/{campaign.public_id}/" in html
    assert 'id="count-submitted">0<' in html


def test_progress_counts_links_by_status(client, manager, campaign):
    created, _ = create_invitations(campaign=campaign, emails=["a@example.com", "b@example.com"])
    client.get(reverse("respond", args=[created[0][1]]))
    client.post(reverse("respond_welcome"), {"language": "en"})  # "Start": opening alone stores nothing
    client.force_login(manager)
    html = client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert "Personal links: 1 pending, 1 opened." in html
    assert 'id="count-started">1<' in html and 'id="count-in-progress">1<' in html


def test_other_organisation_gets_404(client, outsider, campaign):
    client.force_login(outsider)
    reply = client.get(reverse("campaign", args=[campaign.pk]))
    assert reply.status_code == 404
    assert str(campaign.public_id) not in reply.content.decode()


def test_anonymous_is_sent_to_login(client, campaign):
    reply = client.get(reverse("campaign", args=[campaign.pk]))
    assert reply.status_code == 302 and reply.url.startswith(reverse("login"))


def test_hr_cannot_open_customer_campaign(client, hr_user, campaign):
    client.force_login(hr_user)
    assert client.get(reverse("campaign", args=[campaign.pk])).status_code == 404


def test_pasted_addresses_become_single_use_links_shown_once(client, manager, campaign):
    client.force_login(manager)
    reply = client.post(
        reverse("invitations_create", args=[campaign.pk]),
        {"emails": "ann@example.com, bob@example.com\nann@example.com"},
    )
    assert reply.status_code == 200
    html = reply.content.decode()
    assert "Copy these links now" in html
    tokens = [
        line.split("/r/")[1].strip("/") for line in html.split() if "/r/" in line and "invitation-link" not in line
    ]
    assert Invitation.objects.filter(campaign=campaign).count() == 2
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert {hash_token(t.split("<")[0].strip("/")) for t in tokens} & stored


def test_invalid_addresses_are_named(client, manager, campaign):
    client.force_login(manager)
    reply = client.post(reverse("invitations_create", args=[campaign.pk]), {"emails": "ann@example.com not-an-email"})
    assert reply.status_code == 400
    assert "not-an-email" in reply.content.decode()
    assert not Invitation.objects.exists()


def test_already_invited_addresses_are_reported(client, manager, campaign):
    create_invitations(campaign=campaign, emails=["ann@example.com"])
    client.force_login(manager)
    html = client.post(
        reverse("invitations_create", args=[campaign.pk]), {"emails": "ann@example.com"}
    ).content.decode()
    assert "Already invited" in html and "ann@example.com" in html
    assert Invitation.objects.count() == 1


def test_invitations_in_other_organisation_is_404(client, outsider, campaign):
    client.force_login(outsider)
    assert (
        client.post(reverse("invitations_create", args=[campaign.pk]), {"emails": "x@example.com"}).status_code == 404
    )
    assert not Invitation.objects.exists()


def test_close_campaign(client, manager, campaign):
    client.force_login(manager)
    client.post(reverse("campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert not campaign.is_open()


def test_close_in_other_organisation_is_404(client, outsider, campaign):
    client.force_login(outsider)
    assert client.post(reverse("campaign_close", args=[campaign.pk])).status_code == 404
    campaign.refresh_from_db()
    assert campaign.is_open()


def test_closing_asks_first_and_a_closed_campaign_can_be_reopened(client, manager, campaign):
    client.force_login(manager)
    page = client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert f'href="{reverse("campaign_close", args=[campaign.pk])}"' in page  # a link to a question, not a button
    confirm = client.get(reverse("campaign_close", args=[campaign.pk]))
    assert confirm.status_code == 200 and "You can reopen the campaign later" in confirm.content.decode()
    campaign.refresh_from_db()
    assert campaign.is_open()  # asking closes nothing
    client.post(reverse("campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert not campaign.is_open()
    assert "Reopen the campaign" in client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    client.post(reverse("campaign_reopen", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.is_open()


def test_a_lost_personal_link_is_reissued_and_the_old_one_stops_working(client, manager, campaign):
    created, _ = create_invitations(campaign=campaign, emails=["lost@example.com"])
    old = created[0][1]
    client.force_login(manager)
    again = client.post(reverse("invitations_create", args=[campaign.pk]), {"emails": "lost@example.com"})
    assert "lost@example.com" in again.content.decode() and "/r/" not in again.content.decode().split("lost@")[0][-200:]
    reply = client.post(
        reverse("invitations_create", args=[campaign.pk]), {"emails": "lost@example.com", "reissue": "on"}
    )
    new = re.search(r"/r/([^/\"<]+)/", reply.content.decode()).group(1)
    assert new != old
    client.logout()
    assert client.get(reverse("respond", args=[old])).status_code == 404
    assert client.get(reverse("respond", args=[new])).status_code == 302


def test_the_shareable_link_downloads_as_a_qr_code(client, manager, campaign):
    client.force_login(manager)
    reply = client.get(reverse("campaign_qr", args=[campaign.pk]))
    assert reply.status_code == 200 and reply["Content-Type"] == "image/svg+xml"
    assert reply.content.startswith(b"<?xml") and b"<svg" in reply.content
    assert "attachment" in reply["Content-Disposition"]
