"""End to end with real services: upload a list, send, a Celery worker delivers to a local SMTP server, three
respondents submit from their e-mail's link, "remind now" reaches only the others, the dashboard adds up."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.invitations.models import Delivery, Invitation, Mailing
from assessment.invitations.selectors import campaign_sending
from assessment.models import Response

from .conftest import answer_and_submit, token_for, wait_for_mailings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def recipients_csv(count: int) -> bytes:
    rows = ["email,name,segment"]
    rows += [f"p{n}@example.com,Person {n},{'North' if n % 2 else 'South'}" for n in range(count - 2)]
    rows += ["bounce-1@example.com,Nobody,North", "bounce-2@example.com,Nobody,South"]
    return ("\n".join(rows) + "\n").encode()


def test_upload_send_submit_remind_and_count(client, manager, campaign, stack):
    stack.celery.worker()
    client.force_login(manager)
    upload = SimpleUploadedFile("list.csv", recipients_csv(200))
    client.post(reverse("recipients_upload", args=[campaign.pk]), {"file": upload})
    client.post(reverse("recipients_confirm", args=[campaign.pk]), {"action": "confirm"})
    assert Invitation.objects.filter(campaign=campaign).count() == 200

    client.post(reverse("mailing_start", args=[campaign.pk]), {"reminder_days": ["3", "7"]})
    wait_for_mailings(campaign)
    first = stack.sink.per_address()
    assert len(first) == 198 and set(first.values()) == {1}  # each address once; the two bounces refused
    assert Invitation.objects.filter(status="bounced").count() == 2
    mailing = Mailing.objects.get()
    assert (mailing.total, mailing.sent, mailing.failed) == (200, 198, 2)

    submitters = ["p0@example.com", "p1@example.com", "p2@example.com"]
    for address in submitters:
        client.logout()
        answer_and_submit(client, campaign, token_for(stack.sink, address))
    assert Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count() == 3

    client.force_login(manager)
    client.post(reverse("reminders_send", args=[campaign.pk]))
    wait_for_mailings(campaign)
    reminded = stack.sink.per_address("Reminder")
    assert len(reminded) == 195 and set(reminded.values()) == {1}
    assert not set(reminded) & {*submitters, "bounce-1@example.com", "bounce-2@example.com"}
    assert Delivery.objects.filter(mailing__kind="reminder", status="sent").count() == 195

    rates = {r.label: (r.invited, r.reached, r.submitted, r.bounced, r.rate) for r in campaign_sending(campaign).rates}
    assert rates == {
        "All customers": (200, 198, 3, 2, 1.5),
        "North": (100, 99, 1, 1, 1.0),
        "South": (100, 99, 2, 1, 2.0),
    }
    page = client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert "Done: 195 sent." in page
    assert '<th scope="row">All customers</th><td class="text-end">200</td><td class="text-end">198</td>' in page
