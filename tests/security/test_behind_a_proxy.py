"""Behind the TLS proxy of the production set-up every request comes from the proxy's address: the
shareable link's per-address limit and the login lockout must count each client, not the proxy, and must
not let a client pick its own address (issue 10's production set-up, issue 11's rate limits)."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Campaign, Response
from assessment.tokens import share_signature

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
PASSWORD = "pw-for-tests-1"


def start(campaign: Campaign, forwarded_for: str) -> int:
    """A new visitor presses Start on the shareable link; the proxy sends X-Forwarded-For."""
    visitor = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    link = visitor.get(reverse("respond_shared", args=[campaign.public_id, signature])).url
    visitor.get(link)
    return visitor.post(reverse("respond_welcome"), {"language": "en"}).status_code


def test_behind_a_proxy_each_client_has_its_own_shareable_link_limit(campaign, settings):
    settings.PROXY_COUNT = 1
    Campaign.objects.filter(pk=campaign.pk).update(shared_starts_per_hour=1)
    assert [start(campaign, address) for address in ("198.51.100.1", "198.51.100.2", "198.51.100.1")] == [
        302,
        302,
        429,
    ]
    assert Response.objects.count() == 2


def test_a_client_cannot_choose_its_address_by_sending_x_forwarded_for(campaign, settings):
    Campaign.objects.filter(pk=campaign.pk).update(shared_starts_per_hour=1)
    settings.PROXY_COUNT = 0  # no proxy: the header is the client's own words
    assert [start(campaign, address) for address in ("203.0.113.1", "203.0.113.2")] == [302, 429]
    settings.PROXY_COUNT = 1  # behind one proxy: only the entry the proxy appended counts
    assert start(campaign, "203.0.113.3, 198.51.100.7") == 302
    assert start(campaign, "203.0.113.4, 198.51.100.7") == 429


def test_behind_a_proxy_one_client_locked_out_does_not_lock_out_the_others(manager, hr_user, settings):
    settings.PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    replies = [
        attacker.post(reverse("login"), {"username": "owner", "password": f"wrong-{n}"})
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert replies[-1].status_code == 429
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert colleague.post(reverse("login"), {"username": "hr-person", "password": PASSWORD}).status_code == 302
