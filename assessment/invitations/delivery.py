"""The worker's side of a mailing: claim a batch of deliveries, give each invitation a fresh link, send through
Django's e-mail backend, and record each outcome as soon as the mail server answers.

Exactly once: a delivery row exists once per (mailing, invitation); a worker sends only rows it claimed with a
conditional update (FOR UPDATE SKIP LOCKED, then pending -> sending until a time), records "sent" only on its
own claim, and stops starting sends before that claim runs out. A worker that dies leaves its claim to run
out; the rows are then taken over. The one window left is a crash between the mail server's acceptance and
the commit that follows it (milliseconds); the Message-ID is the same on the copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from ..db import single
from ..tokens import new_token
from . import mailings
from .emails import invitation_email
from .models import Delivery, Invitation, Mailing

BATCH = 50
MAX_ATTEMPTS = 5


class TransientFailure(Exception):
    """The mail server could not be used (down, disconnected, refusing the sender): try the batch later."""


@dataclass
class Outcome:
    sent: int = 0
    bounced: int = 0
    deferred: int = 0  # refused for now (4xx) or left unsent; taken again after a delay


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    invitation: Invitation
    token: str


def send_chunk(*, mailing_id: int, limit: int) -> Outcome:
    """Send up to `limit` of the mailing's unsent e-mails. Raises TransientFailure when the mail server fails,
    after handing back the rows it had claimed."""
    outcome = Outcome()
    mailing = single(Mailing.objects.select_related("campaign__assessment__organisation").filter(pk=mailing_id))
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return outcome
    if not mailing.campaign.is_open():
        _cancel(mailing)
    mail_server = get_connection()
    try:
        done = 0
        while done < limit:
            until = timezone.now() + dt.timedelta(seconds=settings.INVITATION_CLAIM_SECONDS)
            batch = _claim(mailing, until, min(BATCH, limit - done))
            if not batch:
                break
            _send_batch(mailing, batch, until, mail_server, outcome)
            done += len(batch)
    finally:
        _close(mail_server)
        mailings.finish_if_done(mailing_id=mailing_id)
    return outcome


def _claim(mailing: Mailing, until: dt.datetime, size: int) -> list[Claimed]:
    """Take up to `size` claimable rows and give their invitations new links, in one transaction: another
    worker skips the locked rows, and a row whose claim ran out is taken over."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(Delivery.claimable(now), mailing=mailing)
            .order_by("pk")
            .values_list("pk", "invitation_id", "attempts")[:size]
        )
        spent = [pk for pk, _, attempts in rows if attempts >= MAX_ATTEMPTS]
        if spent:
            Delivery.objects.filter(pk__in=spent).update(
                status=Delivery.Status.FAILED, claimed_until=None, error="Gave up after repeated failures."
            )
        rows = [row for row in rows if row[2] < MAX_ATTEMPTS]
        Delivery.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
            status=Delivery.Status.SENDING, claimed_until=until, attempts=F("attempts") + 1
        )
        invitations = Invitation.objects.in_bulk([invitation_id for _, invitation_id, _ in rows])
        claimed = []
        for pk, invitation_id, _ in rows:
            # The link is made here because a token is shown only once: each e-mail carries a new one, and
            # the one before stops working.
            invitation = invitations[invitation_id]
            token, invitation.token_hash = new_token()
            claimed.append(Claimed(pk, invitation, token))
        Invitation.objects.bulk_update(invitations.values(), ["token_hash"])
        Mailing.objects.filter(pk=mailing.pk).update(touched_at=now)
    return claimed


def _send_batch(
    mailing: Mailing, batch: list[Claimed], until: dt.datetime, mail_server: BaseEmailBackend, outcome: Outcome
) -> None:
    campaign = mailing.campaign
    organisation = campaign.assessment.organisation.name
    reminder = mailing.kind == Mailing.Kind.REMINDER
    # Stop starting sends well before the claim runs out, so no other worker can be sending the same rows.
    deadline = time.monotonic() + 0.8 * settings.INVITATION_CLAIM_SECONDS
    for index, item in enumerate(batch):
        if time.monotonic() > deadline:
            _defer([c.delivery_id for c in batch[index:]], until, "Left unsent: the batch took too long.", now=True)
            outcome.deferred += len(batch) - index
            return
        message = invitation_email(
            invitation=item.invitation,
            campaign=campaign,
            organisation=organisation,
            token=item.token,
            reminder=reminder,
            mailing_id=mailing.pk,
        )
        try:
            # Opened once and kept for the chunk (send_messages alone would connect for every message).
            mail_server.open()
            mail_server.send_messages([message])
        except smtplib.SMTPRecipientsRefused as refused:
            code, text = next(iter(refused.recipients.values()), (550, b""))
            if code >= 500:
                _bounce(item, until, f"{code} {_text(text)}")
                outcome.bounced += 1
            else:
                _defer([item.delivery_id], until, f"{code} {_text(text)}")
                outcome.deferred += 1
        except smtplib.SMTPDataError as error:
            # The message itself was refused: for good (5xx) it counts as a bounce; for now, as the whole batch.
            if error.smtp_code >= 500:
                _bounce(item, until, f"{error.smtp_code} {_text(error.smtp_error)}")
                outcome.bounced += 1
                continue
            _defer([c.delivery_id for c in batch[index:]], until, f"{error.smtp_code} {_text(error.smtp_error)}")
            raise TransientFailure(str(error)) from error
        except (smtplib.SMTPException, OSError) as error:
            _defer([c.delivery_id for c in batch[index:]], until, str(error)[:200] or type(error).__name__)
            raise TransientFailure(str(error)) from error
        else:
            _record_sent(item, until, reminder)
            outcome.sent += 1


def _record_sent(item: Claimed, until: dt.datetime, reminder: bool) -> None:
    """Record a sent e-mail, on this worker's own claim only (claimed_until is the claim's token)."""
    now = timezone.now()
    counter = "reminders" if reminder else "sends"
    with transaction.atomic():
        _commit_without_waiting_for_disk()
        if Delivery.objects.filter(pk=item.delivery_id, status=Delivery.Status.SENDING, claimed_until=until).update(
            status=Delivery.Status.SENT, sent_at=now, claimed_until=None, error=""
        ):
            Invitation.objects.filter(pk=item.invitation.pk).update(
                status=Case(
                    When(status=Invitation.Status.PENDING, then=Value(Invitation.Status.SENT)), default=F("status")
                ),
                last_sent_at=now,
                **{counter: F(counter) + 1},
            )


def _commit_without_waiting_for_disk() -> None:
    """One commit per e-mail keeps the window for a copy small, but waiting for the disk on each would cap
    a worker at a few hundred e-mails a second. Without the wait a commit is still atomic and survives a
    worker's crash; only a crash of PostgreSQL itself may lose the last fraction of a second of them (those
    e-mails would go out again)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _bounce(item: Claimed, until: dt.datetime, error: str) -> None:
    """The server refused the address for good: the delivery and, unless the person has gone further through
    another e-mail, the invitation are bounced."""
    with transaction.atomic():
        if Delivery.objects.filter(pk=item.delivery_id, status=Delivery.Status.SENDING, claimed_until=until).update(
            status=Delivery.Status.BOUNCED, claimed_until=None, error=error[:200]
        ):
            Invitation.objects.filter(
                pk=item.invitation.pk, status__in=(Invitation.Status.PENDING, Invitation.Status.SENT)
            ).update(status=Invitation.Status.BOUNCED)


def _defer(delivery_ids: list[int], until: dt.datetime, error: str, *, now: bool = False) -> None:
    """Hand rows back, to be taken again after INVITATION_RETRY_SECONDS (or at once), or fail those that have
    had their tries."""
    not_before = timezone.now() + dt.timedelta(seconds=0 if now else settings.INVITATION_RETRY_SECONDS)
    claimed = Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.SENDING, claimed_until=until)
    with transaction.atomic():
        claimed.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=Delivery.Status.FAILED, claimed_until=None, error=error[:200]
        )
        claimed.update(status=Delivery.Status.PENDING, claimed_until=not_before, error=error[:200])


def _cancel(mailing: Mailing) -> None:
    Delivery.objects.filter(mailing=mailing, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.FAILED, error="The campaign closed before this e-mail went out."
    )


def _close(mail_server: BaseEmailBackend) -> None:
    # A server that went away has nothing left to be told.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        mail_server.close()


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
