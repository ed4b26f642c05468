"""Sending 10,000 invitations: the request that starts it, then one Celery worker delivering to a local SMTP
server, with the worker's memory sampled throughout.

Targets (issue 10): the request returns in under 1 s; the worker's memory stays flat.
Needs redis-server on the PATH (the bench starts its own, on a free port) and PostgreSQL.
Run: .venv/bin/python bench/invitations_send.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPIENTS = 10_000
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/assessment_bench_invitations")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


REDIS_PORT, SMTP_PORT = free_port(), free_port()
os.environ["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"  # before Django loads: tasks go to this Redis

from common import setup  # noqa: E402 - after the environment it reads


class CountingSink:
    """An SMTP server that only counts what it accepts."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.count += len(envelope.rcpt_tos)
        return "250 Message accepted"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_worker(logs: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "SITE_URL": "https://surveys.example.com",
    }
    out = (logs / "worker.log").open("ab")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "assessment", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=logs,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    time.sleep(4)  # Django and Celery start-up, before the first memory sample
    if worker.poll() is not None:
        sys.exit(f"The worker did not start; see {logs / 'worker.log'}")
    return worker


def prepare_campaign():
    from django.contrib.auth.models import User

    from assessment.assessments.services import create_assessment
    from assessment.campaigns.services import create_campaign
    from assessment.invitations.recipients import Recipient
    from assessment.invitations.services import store_recipients
    from assessment.models import Membership, Organisation

    Organisation.objects.filter(name="Bench Sending Organisation").delete()
    organisation = Organisation.objects.create(name="Bench Sending Organisation")
    user, _ = User.objects.get_or_create(username="bench-sender")
    Membership.objects.create(user=user, organisation=organisation, role="manager")
    assessment = create_assessment(organisation=organisation, title="Bench sending", created_by=user)
    campaign = create_campaign(assessment=assessment, group="customers")
    store_recipients(campaign=campaign, recipients=[Recipient(f"c{n}@example.com") for n in range(RECIPIENTS)])
    return user, campaign


def main() -> None:
    from aiosmtpd.controller import Controller

    redis_binary = shutil.which("redis-server") or sys.exit("redis-server is missing")
    redis = subprocess.Popen(  # noqa: S603 - our own arguments
        [redis_binary, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""], stdout=subprocess.DEVNULL
    )
    sink = CountingSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    smtp.start()
    logs = Path(tempfile.mkdtemp(prefix="bench-invitations-"))
    worker = None
    try:
        setup()
        from django.test import Client
        from django.urls import reverse

        from assessment.invitations.models import Mailing

        user, campaign = prepare_campaign()
        worker = start_worker(logs)
        client = Client()
        client.force_login(user)
        # A web process serves many requests: warm it (imports, URL map) as gunicorn's workers are.
        assert client.get(reverse("campaign", args=[campaign.pk])).status_code == 200
        samples = [rss_mb(worker.pid)]

        began = time.perf_counter()
        reply = client.post(reverse("mailing_start", args=[campaign.pk]), {"reminder_days": ["3", "7"]})
        request_seconds = time.perf_counter() - began
        assert reply.status_code == 302, reply.status_code

        deadline = time.monotonic() + 600
        while Mailing.objects.get(campaign=campaign).status != "done":
            if time.monotonic() > deadline:
                sys.exit(f"Not done after 600 s: {sink.count} sent; see {logs / 'worker.log'}")
            samples.append(rss_mb(worker.pid))
            time.sleep(0.25)
        delivery_seconds = time.perf_counter() - began
        samples.append(rss_mb(worker.pid))
        mailing = Mailing.objects.get(campaign=campaign)
        assert mailing.sent == RECIPIENTS == sink.count, (mailing.sent, sink.count)

        print(f"request starting a send of {RECIPIENTS:,} (warm web process): {request_seconds * 1000:.0f} ms")
        print(f"  ratio to the 1 s target: {request_seconds / 1.0:.3f} (under 1 is on target)")
        print(f"delivered by one worker (solo pool) to a local SMTP server: {RECIPIENTS:,} in {delivery_seconds:.1f} s")
        print(f"  rate: {RECIPIENTS / delivery_seconds:.0f} mails/s")
        print(
            f"worker memory (RSS, {len(samples)} samples): start {samples[0]:.0f} MB, "
            f"peak {max(samples):.0f} MB, end {samples[-1]:.0f} MB"
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        smtp.stop()
        redis.terminate()
        redis.wait(10)


if __name__ == "__main__":
    main()
