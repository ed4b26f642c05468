"""Sending invitations in process (Celery eager, Django's locmem outbox): e-mails, links, reminders, bounces,
the progress endpoint and the response rates. The real worker, broker and mail server: test_end_to_end.py,
test_faults.py and test_sending_browser.py."""

from __future__ import annotations

import json
import re
import time

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from assessment.campaigns.services import close_campaign
from assessment.invitations import mailings
from assessment.invitations.models import Delivery, Invitation, Mailing
from assessment.invitations.recipients import Recipient
from assessment.invitations.selectors import MAX_REMINDERS, campaign_sending
from assessment.invitations.services import mark_invitation, store_recipients
from assessment.models import Response

from ..helpers import page_answers

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/r/([A-Za-z0-9_-]+)/")


def add(campaign, *emails: str, segment: str = "") -> None:
    store_recipients(campaign=campaign, recipients=[Recipient(email, segment=segment) for email in emails])


def start(client, campaign, kind: str = "initial", **data) -> object:
    name = "mailing_start" if kind == "initial" else "reminders_send"
    return client.post(reverse(name, args=[campaign.pk]), data)


def token_in(message) -> str:
    return LINK.search(message.body).group(1)


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_the_invitation_names_the_organisation_and_tells_the_anonymity_honestly(
    signed_in, campaign, django_capture_on_commit_callbacks
):
    add(campaign, "ann@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "Acme Bakery" in message.subject and "Acme Bakery" in message.from_email
    for body in (message.body, html):
        assert "anonymous: once you submit, nothing connects your answers to you" in body
        assert "http://127.0.0.1:8000/r/" in body
    assert message.extra_headers["Message-ID"].startswith("<mailing-")
    campaign.anonymity = "identified"
    campaign.save()
    add(campaign, "bob@example.com")
    Mailing.objects.update(status="done")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    assert "not anonymous: Acme Bakery can see which answers are yours" in mail.outbox[1].body


def test_each_e_mail_carries_a_new_link_and_the_earlier_one_stops_working(
    client, signed_in, campaign, django_capture_on_commit_callbacks
):
    add(campaign, "ann@example.com")
    invitation = Invitation.objects.get()
    assert invitation.token_hash is None  # no link until an e-mail carries one
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    first = token_in(mail.outbox[0])
    Invitation.objects.update(status="sent")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign, kind="reminder")
    second = token_in(mail.outbox[1])
    assert first != second
    client.logout()
    assert client.get(reverse("respond", args=[first])).status_code == 404
    assert client.get(reverse("respond", args=[second]), follow=True).status_code == 200
    invitation.refresh_from_db()
    assert (invitation.sends, invitation.reminders) == (1, 1)


def test_reminders_reach_only_those_who_have_not_submitted_at_most_max_each(
    signed_in, campaign, django_capture_on_commit_callbacks
):
    add(campaign, "done@example.com", "started@example.com", "quiet@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    mark_invitation(invitation_id=Invitation.objects.get(email="done@example.com").pk, status="completed")
    mark_invitation(invitation_id=Invitation.objects.get(email="started@example.com").pk, status="started")
    mail.outbox.clear()
    for _ in range(MAX_REMINDERS + 1):
        with django_capture_on_commit_callbacks(execute=True):
            start(signed_in, campaign, kind="reminder")
    reminded = sorted(message.to[0] for message in mail.outbox)
    assert reminded == ["quiet@example.com"] * 3 + ["started@example.com"] * 3
    assert all(message.subject.startswith("Reminder") for message in mail.outbox)
    assert Invitation.objects.get(email="started@example.com").status == "started"


def test_the_send_form_schedules_reminders_in_beat_and_one_fires_once(
    signed_in, campaign, django_capture_on_commit_callbacks
):
    add(campaign, "ann@example.com", "bob@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign, reminder_days=["3", "7"])
    first = Mailing.objects.get()
    tasks = PeriodicTask.objects.filter(task="assessment.invitations.send_scheduled_reminder").order_by("pk")
    assert [round((t.clocked.clocked_time - first.created_at).total_seconds() / 86400) for t in tasks] == [3, 7]
    assert all(t.one_off for t in tasks)
    assert len(campaign_sending(campaign).scheduled) == 2
    mail.outbox.clear()
    kwargs = json.loads(tasks[0].kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        mailings.start_scheduled_reminder(**kwargs)
        mailings.start_scheduled_reminder(**kwargs)  # beat firing twice
    assert len(mail.outbox) == 2
    assert Mailing.objects.filter(kind="reminder").count() == 1


def test_a_scheduled_reminder_waits_while_another_mailing_runs(campaign, manager):
    add(campaign, "ann@example.com")
    first = mailings.start_mailing(campaign=campaign, kind="initial", created_by=manager)
    Invitation.objects.update(status="sent")
    with pytest.raises(mailings.MailingUnderWay):
        mailings.start_scheduled_reminder(mailing_id=first.pk, number=1)
    close_campaign(campaign=campaign)
    Mailing.objects.update(status="done")
    assert mailings.start_scheduled_reminder(mailing_id=first.pk, number=1) is None


def test_a_refused_address_is_bounced_and_a_busy_server_is_tried_again(
    settings, signed_in, campaign, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.invitations.backends.RefusingBackend"
    add(campaign, "bounce@example.com", "later@example.com", "ok@example.com")
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)  # the chunk task asks to be retried for the deferred address
    statuses = dict(Invitation.objects.values_list("email", "status"))
    assert statuses == {"bounce@example.com": "bounced", "later@example.com": "pending", "ok@example.com": "sent"}
    later = Delivery.objects.get(invitation__email="later@example.com")
    assert (later.status, later.attempts, later.error) == ("pending", 1, "451 4.7.1 Try again later")
    assert [m.to[0] for m in mail.outbox] == ["ok@example.com"]


def last_message(reply) -> str:
    return str(list(reply.wsgi_request._messages)[-1])


def test_nothing_to_send_and_a_second_send_at_once_are_refused_with_a_message(signed_in, campaign):
    assert "Nobody to send to" in last_message(start(signed_in, campaign))
    add(campaign, "ann@example.com")
    start(signed_in, campaign)  # queued, not yet dispatched: on_commit does not run in this test
    assert "under way" in last_message(start(signed_in, campaign))
    assert Mailing.objects.count() == 1


def test_progress_endpoint_and_page_show_the_latest_mailing(signed_in, campaign, django_capture_on_commit_callbacks):
    url = reverse("mailing_progress", args=[campaign.pk])
    assert signed_in.get(url).json() == {"status": "none", "done": True}
    add(campaign, *[f"p{n}@example.com" for n in range(5)])
    with django_capture_on_commit_callbacks(execute=True):
        start(signed_in, campaign)
    progress = signed_in.get(url)
    assert progress["Cache-Control"].startswith("max-age=0")
    assert progress.json() == {
        **progress.json(),
        **{"status": "done", "done": True, "total": 5, "sent": 5, "failed": 0, "percent": 100},
    }
    page = signed_in.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert 'aria-valuenow="100"' in page and "Done: 5 sent." in page
    assert "js/mailing-progress.js" in page


def test_response_rates_per_group_and_segment(signed_in, campaign, django_capture_on_commit_callbacks):
    add(campaign, "a1@example.com", "a2@example.com", "bounce@example.com", segment="North")
    add(campaign, "b1@example.com", "b2@example.com", segment="South")
    Invitation.objects.exclude(email="bounce@example.com").update(status="sent")
    Invitation.objects.filter(email="bounce@example.com").update(status="bounced")
    for email in ("a1@example.com", "b1@example.com"):
        mark_invitation(invitation_id=Invitation.objects.get(email=email).pk, status="completed")
    mark_invitation(invitation_id=Invitation.objects.get(email="b2@example.com").pk, status="started")
    rows = {
        r.label: (r.invited, r.reached, r.started, r.submitted, r.bounced, r.rate)
        for r in campaign_sending(campaign).rates
    }
    assert rows == {
        "All customers": (5, 4, 3, 2, 1, 50.0),
        "North": (3, 2, 1, 1, 1, 50.0),
        "South": (2, 2, 2, 1, 0, 50.0),
    }
    page = signed_in.get(reverse("campaign", args=[campaign.pk])).content.decode()
    assert 'id="response-rates"' in page and '<th scope="row">North</th>' in page


def test_outsiders_and_other_roles_cannot_send(client, outsider, hr_user, campaign):
    add(campaign, "ann@example.com")
    for user, status in ((outsider, 404), (hr_user, 404)):
        client.force_login(user)
        for name in ("mailing_start", "reminders_send", "recipients_upload", "recipients_confirm"):
            assert client.post(reverse(name, args=[campaign.pk])).status_code == status, name
        assert client.get(reverse("mailing_progress", args=[campaign.pk])).status_code == status
    assert Mailing.objects.count() == 0


def test_starting_a_send_of_10000_takes_well_under_a_second(signed_in, campaign):
    store_recipients(campaign=campaign, recipients=[Recipient(f"p{n}@example.com") for n in range(10_000)])
    began = time.perf_counter()
    reply = start(signed_in, campaign, reminder_days=["3", "7"])
    elapsed = time.perf_counter() - began
    assert reply.status_code == 302
    assert Mailing.objects.get().total == 10_000
    assert elapsed < 1.0, elapsed


def test_a_reminder_link_resumes_a_response_begun_from_the_first_e_mail(
    client, campaign, django_capture_on_commit_callbacks
):
    add(campaign, "ann@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        mailings.start_mailing(campaign=campaign, kind="initial")
    first = token_in(mail.outbox[0])
    client.post(reverse("respond_section", args=[first, 1]), page_answers(campaign, 1))  # begun
    with django_capture_on_commit_callbacks(execute=True):
        mailings.start_mailing(campaign=campaign, kind="reminder")
    second = token_in(mail.outbox[1])
    assert client.post(reverse("respond_section", args=[second, 2]), page_answers(campaign, 2)).status_code == 302
    assert Response.objects.count() == 1
    assert client.get(reverse("respond", args=[first])).status_code == 404
