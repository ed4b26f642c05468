"""Fixtures of the sending tests that run a real Celery worker: their own Redis, a local SMTP server, the
worker and beat processes, and the test process queueing on that Redis instead of running tasks in process."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.urls import reverse
from kombu import pools

from ..helpers import page_answers, page_count
from .stack import ROOT, CeleryProcesses, RedisServer, SmtpSink, wait_until

LINK = re.compile(r"http://testserver/r/([A-Za-z0-9_-]+)/")


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


def _forget_broker_connections(app) -> None:
    # Celery and kombu keep their connection pools once made; a new broker URL needs new ones.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def queue_on_redis(redis_server):
    """Tasks queued by the test process (and its live server) go to the tests' Redis, not run in process."""
    from assessment.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    _forget_broker_connections(app)
    app.conf.broker_url, app.conf.task_always_eager = redis_server.url, False
    yield app
    _forget_broker_connections(app)
    app.conf.broker_url, app.conf.task_always_eager = saved


@dataclass
class Stack:
    redis: RedisServer
    sink: SmtpSink
    celery: CeleryProcesses


@pytest.fixture
def stack(transactional_db, redis_server, smtp_sink, queue_on_redis, tmp_path) -> Iterator[Stack]:
    """Set up after the test database, so torn down (workers stopped) before the database is flushed."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.flush()
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "assessment.settings",
        "DEBUG": "0",
        "SECRET_KEY": "sending-tests-only-secret-key-0123456789-abcdefghijklmnop",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{host}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_server.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "EMAIL_TIMEOUT": "10",
        "SITE_URL": "http://testserver",
        # Short enough for a test to see a claim run out and a stalled mailing resumed.
        "INVITATION_CLAIM_SECONDS": "4",
        "INVITATION_STALL_SECONDS": "2",
        "INVITATION_RETRY_SECONDS": "1",
        "INVITATION_RESUME_SECONDS": "1",
    }
    processes = CeleryProcesses(env, tmp_path)
    yield Stack(redis_server, smtp_sink, processes)
    processes.stop_all()


def wait_for_mailings(campaign, *, timeout: float = 60) -> None:
    from assessment.invitations.models import Mailing

    wait_until(
        lambda: not Mailing.objects.filter(campaign=campaign).exclude(status="done").exists(),
        timeout=timeout,
        what="the mailings to finish",
        every=0.2,
    )


def token_for(sink: SmtpSink, address: str) -> str:
    """The link of the latest e-mail the address received."""
    texts = [r.text for r in sink.received if r.to == address]
    return LINK.search(texts[-1]).group(1)


def answer_and_submit(client, campaign, token: str) -> None:
    """A respondent follows the e-mail's link and posts every page, then submits."""
    assert client.get(reverse("respond", args=[token]), follow=True).status_code == 200
    for number in range(1, page_count(campaign) + 1):
        reply = client.post(reverse("respond_section", args=[token, number]), page_answers(campaign, number))
        assert reply.status_code == 302, reply.content[:500]
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
