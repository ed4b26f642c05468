"""The live sentence under the sending bar comes from the server, so it reads in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.invitations.recipients import Recipient
from assessment.invitations.services import store_recipients

pytestmark = pytest.mark.django_db


def test_the_progress_json_carries_the_sentence_the_page_shows(client, manager, campaign):
    client.force_login(manager)
    store_recipients(campaign=campaign, recipients=[Recipient("a@example.com"), Recipient("b@example.com")])
    client.post(reverse("mailing_start", args=[campaign.pk]))  # queued: on_commit does not run in this test
    progress = client.get(reverse("mailing_progress", args=[campaign.pk])).json()
    assert progress["text"] == "Queued: 2 to send."
    page = client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert '<span data-mailing-text aria-live="polite">Queued: 2 to send.</span>' in page
