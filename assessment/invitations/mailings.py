"""Starting mailings (the first e-mails of a campaign, its reminders) and keeping them going.

A request only writes a Mailing row and queues one task on commit, so it returns at once whatever the number
of recipients. That task (dispatch_mailing) writes one Delivery row per recipient in a single statement and
queues chunk tasks that workers send (delivery.py). Everything a worker needs is in the database, so
resume_mailings, run by beat, queues again whatever the broker lost (a restart, a killed worker).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django_celery_beat.models import ClockedSchedule, PeriodicTask
from kombu.exceptions import OperationalError

from ..campaigns.models import Campaign
from ..db import single
from .models import Delivery, Mailing
from .selectors import recipients_of
from .tasks import dispatch_mailing as dispatch_mailing_task
from .tasks import send_chunk as send_chunk_task

# Invitations one chunk task sends: small enough that a retried or lost chunk costs little, large enough
# that queueing 50,000 e-mails takes 250 messages.
CHUNK = 200
UNFINISHED = (Delivery.Status.PENDING, Delivery.Status.SENDING)
logger = logging.getLogger(__name__)


class MailingRefused(Exception):
    """A mailing that cannot start; the message says why, in the user's words."""


class MailingUnderWay(MailingRefused):
    """Another mailing of the campaign is not done yet."""


def start_mailing(
    *,
    campaign: Campaign,
    kind: str,
    created_by: User | None = None,
    reminder_days: tuple[int, ...] = (),
    schedule_key: str | None = None,
) -> Mailing:
    """Record a mailing and queue its dispatch on commit; with reminder_days, schedule reminders in beat."""
    if not campaign.is_open():
        raise MailingRefused(gettext("The campaign is closed: its links would not work."))
    total = recipients_of(campaign, kind).count()
    if not total:
        raise MailingRefused(
            gettext("Nobody to send to: every recipient already has the e-mail.")
            if kind == Mailing.Kind.INITIAL
            else gettext("Nobody to remind: everyone has submitted, bounced or had the most reminders.")
        )
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(
                campaign=campaign, kind=kind, created_by=created_by, total=total, schedule_key=schedule_key
            )
            for number, days in enumerate(sorted(set(reminder_days)), start=1):
                _schedule_reminder(mailing, number, mailing.created_at + dt.timedelta(days=days))
            transaction.on_commit(partial(queue_dispatch, mailing_id=mailing.pk))
    except IntegrityError:
        if schedule_key and Mailing.objects.filter(schedule_key=schedule_key).exists():
            raise MailingRefused(gettext("This reminder was sent already.")) from None
        raise MailingUnderWay(gettext("A mailing of this campaign is under way; wait until it is done.")) from None
    return mailing


def queue_dispatch(*, mailing_id: int) -> None:
    """With the broker down the request still succeeds: the mailing is in the database, and resume_mailings
    queues it once the broker is back."""
    try:
        dispatch_mailing_task.delay(mailing_id)
    except OperationalError as error:
        logger.warning("Mailing %s not queued (%s): resume_mailings will queue it.", mailing_id, error)


def _schedule_reminder(mailing: Mailing, number: int, when: dt.datetime) -> None:
    PeriodicTask.objects.create(
        name=f"Campaign {mailing.campaign_id}: reminder {number} after mailing {mailing.pk}",
        task="assessment.invitations.send_scheduled_reminder",
        clocked=ClockedSchedule.objects.create(clocked_time=when),
        one_off=True,
        kwargs=json.dumps({"mailing_id": mailing.pk, "number": number}),
    )


def start_scheduled_reminder(*, mailing_id: int, number: int) -> Mailing | None:
    """The reminder beat fires: once per (first mailing, number) however often it fires. Raises MailingUnderWay
    while another mailing of the campaign is under way (the task tries again later)."""
    first = single(Mailing.objects.select_related("campaign").filter(pk=mailing_id))
    key = f"{mailing_id}:{number}"
    if first is None or not first.campaign.is_open() or Mailing.objects.filter(schedule_key=key).exists():
        return None
    if not recipients_of(first.campaign, Mailing.Kind.REMINDER).exists():
        return None
    try:
        return start_mailing(campaign=first.campaign, kind=Mailing.Kind.REMINDER, schedule_key=key)
    except MailingUnderWay:
        raise
    except MailingRefused:
        return None


def dispatch_mailing(*, mailing_id: int) -> int:
    """Write the mailing's delivery rows and queue its chunks; returns the number of rows. Only the run that
    moves the mailing from queued to sending does anything, so the task may run twice."""
    with transaction.atomic():
        if not Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.QUEUED).update(
            status=Mailing.Status.SENDING, touched_at=timezone.now()
        ):
            return 0
        mailing = Mailing.objects.select_related("campaign").get(pk=mailing_id)
        total = _insert_deliveries(mailing)
        Mailing.objects.filter(pk=mailing_id).update(total=total)
        transaction.on_commit(partial(queue_chunks, mailing_id=mailing_id, count=math.ceil(total / CHUNK)))
    if not total:
        finish_if_done(mailing_id=mailing_id)
    return total


def _insert_deliveries(mailing: Mailing) -> int:
    """INSERT ... SELECT: one statement for any number of recipients. ON CONFLICT DO NOTHING leaves out an
    invitation that another mailing already gives its first e-mail (one_first_email_per_invitation)."""
    select, params = (
        recipients_of(mailing.campaign, mailing.kind).order_by("id").values_list("id").query.sql_with_params()
    )
    columns = "mailing_id, kind, status, attempts, error, invitation_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Delivery._meta.db_table} ({columns}) "  # noqa: S608 - table name and ORM SQL only
            f"SELECT %s, %s, %s, 0, '', chosen.id FROM ({select}) AS chosen WHERE true ON CONFLICT DO NOTHING",
            [mailing.pk, mailing.kind, Delivery.Status.PENDING, *params],
        )
        return cursor.rowcount


def queue_chunks(*, mailing_id: int, count: int) -> None:
    for _ in range(count):
        send_chunk_task.delay(mailing_id)


def finish_if_done(*, mailing_id: int) -> bool:
    """Close a mailing whose every delivery is final, writing its counts; True for the one call that does."""
    if Delivery.objects.filter(mailing_id=mailing_id, status__in=UNFINISHED).exists():
        return False
    counts = Delivery.objects.filter(mailing_id=mailing_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=~Q(status=Delivery.Status.SENT)),
    )
    return bool(
        Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.DONE, finished_at=timezone.now(), **counts
        )
    )


def resume_mailings() -> int:
    """Queue again the mailings that made no progress for INVITATION_STALL_SECONDS: their dispatch or chunk
    messages were lost, or the worker that claimed their rows died. Returns how many were resumed."""
    now = timezone.now()
    stalled = Mailing.objects.exclude(status=Mailing.Status.DONE).filter(
        touched_at__lt=now - dt.timedelta(seconds=settings.INVITATION_STALL_SECONDS)
    )
    resumed = 0
    for mailing in stalled:
        # Touched first, so the next sweep leaves the queued tasks time to run before queueing more.
        Mailing.objects.filter(pk=mailing.pk).update(touched_at=now)
        if mailing.status == Mailing.Status.QUEUED:
            dispatch_mailing_task.delay(mailing.pk)
            resumed += 1
            continue
        left = Delivery.objects.filter(Delivery.claimable(now), mailing=mailing).count()
        if left:
            queue_chunks(mailing_id=mailing.pk, count=math.ceil(left / CHUNK))
            resumed += 1
        else:
            finish_if_done(mailing_id=mailing.pk)
    return resumed
