"""Respondent links under hostile input: a clear 404, never a server error (issue 11)."""

import pytest
from django.urls import reverse

from assessment.tokens import share_signature

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signature", ["é" * 32, "\u202e" + "a" * 31, "ﷺ", "a" * 32, "%00"])
def test_a_bad_shareable_link_signature_is_a_404(client, campaign, signature):
    reply = client.get(reverse("respond_shared", args=[campaign.public_id, signature]))
    assert reply.status_code == 404


@pytest.mark.parametrize("token", ["é" * 32, "\u200b", "..%2F..%2Fetc%2Fpasswd", "x" * 500])
def test_a_bad_personal_link_token_is_a_404(client, token):
    assert client.get(f"/r/{token}/").status_code == 404


def test_the_right_signature_still_opens_the_link(client, campaign):
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    assert client.get(reverse("respond_shared", args=[campaign.public_id, signature])).status_code == 302
