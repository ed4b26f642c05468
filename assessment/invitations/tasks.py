"""Celery tasks of sending invitations: thin, taking ids, safe to run twice (the services claim their work
with conditional updates). Each imports its service inside its body, since the services queue these tasks."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

# How many times a chunk is retried after a mail server failure before resume_mailings takes over.
CHUNK_RETRIES = 8


@shared_task(name="assessment.invitations.dispatch_mailing")
def dispatch_mailing(mailing_id: int) -> None:
    from .mailings import dispatch_mailing as dispatch

    dispatch(mailing_id=mailing_id)


@shared_task(name="assessment.invitations.send_chunk", bind=True, max_retries=CHUNK_RETRIES)
def send_chunk(self: Any, mailing_id: int) -> None:
    from .delivery import TransientFailure
    from .delivery import send_chunk as send
    from .mailings import CHUNK

    # Waits grow with each retry: a mail server that is down for a while is not hammered.
    countdown = settings.INVITATION_RETRY_SECONDS * 2 ** min(self.request.retries, 4)
    try:
        outcome = send(mailing_id=mailing_id, limit=CHUNK)
    except TransientFailure as failure:
        raise self.retry(exc=failure, countdown=countdown) from failure
    if outcome.deferred:
        raise self.retry(countdown=countdown)


@shared_task(name="assessment.invitations.send_scheduled_reminder", bind=True, max_retries=None)
def send_scheduled_reminder(self: Any, mailing_id: int, number: int) -> None:
    from .mailings import MailingUnderWay, start_scheduled_reminder

    try:
        start_scheduled_reminder(mailing_id=mailing_id, number=number)
    except MailingUnderWay as refused:
        # Another mailing of the campaign is under way: remind once it is done.
        raise self.retry(exc=refused, countdown=settings.INVITATION_STALL_SECONDS) from refused


@shared_task(name="assessment.invitations.resume_mailings")
def resume_mailings() -> None:
    from .mailings import resume_mailings as resume

    resume()
