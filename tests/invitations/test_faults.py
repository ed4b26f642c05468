"""Faults a real deployment meets, each ending with every e-mail sent once: nothing lost, nothing doubled."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from assessment.campaigns.services import create_campaign
from assessment.invitations.models import Delivery, Mailing
from assessment.invitations.recipients import Recipient
from assessment.invitations.services import store_recipients
from assessment.invitations.tasks import dispatch_mailing, send_chunk
from assessment.models import Response

from .conftest import answer_and_submit, token_for, wait_for_mailings
from .stack import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def invite(campaign, count: int, prefix: str = "p") -> set[str]:
    addresses = [f"{prefix}{n}@example.com" for n in range(count)]
    store_recipients(campaign=campaign, recipients=[Recipient(a) for a in addresses])
    return set(addresses)


def assert_each_sent_once(sink, addresses: set[str]) -> None:
    received = sink.per_address()
    assert set(received) >= addresses, f"never sent: {sorted(addresses - set(received))[:10]}"
    doubled = {a: n for a, n in received.items() if a in addresses and n > 1}
    assert not doubled, f"sent more than once: {doubled}"
    assert not Delivery.objects.exclude(status="sent").exists()


def test_redis_stopped_during_a_send_of_1000(client, manager, campaign, assessment, stack):
    stack.celery.worker()
    stack.celery.beat()
    addresses = invite(campaign, 1000)
    stack.sink.delay = 0.005  # a mail server's pace, so the send is surely under way when Redis stops
    client.force_login(manager)
    client.post(reverse("mailing_start", args=[campaign.pk]))
    wait_until(lambda: stack.sink.count() >= 100, timeout=30, what="the first hundred e-mails")
    stack.redis.stop()
    assert stack.sink.count() < 1000

    # With the broker down, respondents still answer and submit, and a send can still be started: the
    # request records it and returns.
    for address in ("p0@example.com", "p1@example.com"):
        answer_and_submit(Client(), campaign, token_for(stack.sink, address))
    partners = create_campaign(assessment=assessment, group="partners")
    partner_addresses = invite(partners, 20, prefix="partner")
    began = time.perf_counter()
    assert client.post(reverse("mailing_start", args=[partners.pk])).status_code == 302
    assert time.perf_counter() - began < 2
    assert Mailing.objects.get(campaign=partners).status == "queued"
    time.sleep(2)

    stack.redis.start()  # empty: every queued and unacknowledged message is gone
    wait_for_mailings(campaign, timeout=90)
    wait_for_mailings(partners, timeout=30)
    assert_each_sent_once(stack.sink, addresses | partner_addresses)
    assert Response.objects.filter(submitted_at__isnull=False).count() == 2
    assert Mailing.objects.get(campaign=campaign).sent == 1000


def test_a_worker_killed_mid_send(client, manager, campaign, stack):
    stack.celery.worker("first")
    stack.celery.beat()
    addresses = invite(campaign, 300)
    stack.sink.pause_at = 120  # the worker blocks inside its 120th SMTP conversation
    client.force_login(manager)
    client.post(reverse("mailing_start", args=[campaign.pk]))
    wait_until(stack.sink.paused.is_set, timeout=30, what="the worker to be mid-send")
    stack.celery.kill("first")  # SIGKILL: no cleanup, its claim on 50 rows stays until it runs out
    stack.sink.go_on.set()
    assert Delivery.objects.filter(status="sending").exists()

    stack.celery.worker("second")
    wait_for_mailings(campaign, timeout=60)
    assert_each_sent_once(stack.sink, addresses)
    assert Delivery.objects.filter(attempts=2).exists()  # the killed worker's rows, taken over


def test_a_task_retried_after_the_mail_server_says_try_later(client, manager, campaign, stack):
    stack.celery.worker()
    addresses = invite(campaign, 100)
    stack.sink.defer = 10  # the first ten recipients get "451 try again later"
    client.force_login(manager)
    client.post(reverse("mailing_start", args=[campaign.pk]))
    wait_for_mailings(campaign, timeout=60)
    assert_each_sent_once(stack.sink, addresses)
    assert Delivery.objects.filter(attempts=2).count() == 10
    assert "Retry in" in stack.celery.log("worker")


def test_the_same_send_started_twice_at_once(manager, campaign, stack):
    stack.celery.worker("one", wait=False)
    stack.celery.worker("two")
    addresses = invite(campaign, 600)
    replies: list[str] = []
    barrier = threading.Barrier(2)

    def press_send() -> None:
        client = Client()
        client.force_login(manager)
        barrier.wait(5)
        reply = client.post(reverse("mailing_start", args=[campaign.pk]), follow=True)
        replies.append(reply.content.decode())
        connections.close_all()

    threads = [threading.Thread(target=press_send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum("Sending 600 e-mails" in r for r in replies) == 1
    assert sum("under way" in r for r in replies) == 1
    # Every message delivered twice too, as acks_late may: two dispatches and twice the chunks.
    mailing = Mailing.objects.get()
    dispatch_mailing.delay(mailing.pk)
    wait_until(lambda: Mailing.objects.get().status != "queued", timeout=30, what="the dispatch")
    for _ in range(6):
        send_chunk.delay(mailing.pk)
    wait_for_mailings(campaign, timeout=60)
    assert_each_sent_once(stack.sink, addresses)
    assert Mailing.objects.count() == 1
