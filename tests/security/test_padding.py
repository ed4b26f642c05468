"""Issue 11, attack 2: the shareable link took unlimited submissions, so a manager padded a group with four
answers of their own beside one real response and read it off 5 x mean. A browser now answers a shareable
link once, an address starts only a few responses an hour (tests/responses/test_welcome.py), and pages show
scores rounded to 0.1. A manager who controls most of a group from several browsers and addresses can still
narrow the others down: the README's threat model says so."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Response

from ..helpers import page_answers, page_count
from ..responses.test_welcome import share_url

pytestmark = pytest.mark.django_db


def answer_shared_link(visitor: Client, campaign) -> int:
    """Open the shareable link and answer every page; the status of the submit (or of the refusal)."""
    opened = visitor.get(share_url(campaign))
    if opened.status_code != 302:
        return opened.status_code
    visitor.get(opened.url)
    started = visitor.post(reverse("respond_welcome"), {"language": "en"})
    if started.status_code != 302:
        return started.status_code
    for number in range(1, page_count(campaign) + 1):
        visitor.post(reverse("respond_page", args=[number]), page_answers(campaign, number))
    return visitor.post(reverse("respond_page_submit")).status_code


def test_one_browser_answers_a_shareable_link_once(campaign):
    padder = Client()
    assert answer_shared_link(padder, campaign) == 302
    for _ in range(4):
        assert answer_shared_link(padder, campaign) == 410
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
