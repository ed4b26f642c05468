"""Reads of invitations: who a mailing reaches, a mailing's progress, and response rates per segment."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django_celery_beat.models import PeriodicTask

from ..campaigns.models import Campaign
from .models import Delivery, Invitation, Mailing

# At most this many reminders per invitation, scheduled and "remind now" together.
MAX_REMINDERS = 3
REMINDABLE = (Invitation.Status.SENT, Invitation.Status.OPENED, Invitation.Status.STARTED)
REACHED = (*REMINDABLE, Invitation.Status.COMPLETED)


def recipients_of(campaign: Campaign, kind: str) -> QuerySet[Invitation]:
    """Who a new mailing of this kind reaches: the first e-mail goes to those never sent one; a reminder to
    those who have one but have not submitted, and not yet the most reminders."""
    if kind == Mailing.Kind.INITIAL:
        return campaign.invitations.filter(status=Invitation.Status.PENDING)
    return campaign.invitations.filter(status__in=REMINDABLE, reminders__lt=MAX_REMINDERS)


def invited_emails(campaign: Campaign) -> set[str]:
    return set(campaign.invitations.values_list("email", flat=True))


@dataclass(frozen=True)
class MailingProgress:
    id: int
    kind: str
    status: str
    total: int
    sent: int
    failed: int

    @property
    def done(self) -> bool:
        return self.status == Mailing.Status.DONE

    @property
    def percent(self) -> int:
        if self.done:
            return 100
        return min(100, (100 * (self.sent + self.failed)) // self.total) if self.total else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "sent": self.sent,
            "failed": self.failed,
            "percent": self.percent,
        }


def mailing_progress(mailing: Mailing) -> MailingProgress:
    """A done mailing's stored counts; a running one's counted from its deliveries (an index-only count)."""
    sent, failed = mailing.sent, mailing.failed
    if mailing.status == Mailing.Status.SENDING:
        counts = Delivery.objects.filter(mailing=mailing).aggregate(
            sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
            failed=Count("pk", filter=Q(status__in=(Delivery.Status.BOUNCED, Delivery.Status.FAILED))),
        )
        sent, failed = counts["sent"], counts["failed"]
    return MailingProgress(mailing.pk, mailing.get_kind_display(), mailing.status, mailing.total, sent, failed)


def latest_mailing(campaign: Campaign) -> MailingProgress | None:
    mailing = Mailing.objects.filter(campaign=campaign).order_by("-created_at", "-pk").first()
    return mailing_progress(mailing) if mailing else None


@dataclass
class Rates:
    """Invitations of one segment (or the whole group) by how far they went."""

    _STARTED = (Invitation.Status.STARTED, Invitation.Status.COMPLETED)

    label: str
    invited: int = 0
    reached: int = 0  # sent and not bounced
    opened: int = 0  # opened or further
    started: int = 0  # started or further
    submitted: int = 0
    bounced: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.submitted / self.reached, 1) if self.reached else None

    def add(self, status: str, n: int) -> None:
        self.invited += n
        self.reached += n if status in REACHED else 0
        self.opened += n if status in (Invitation.Status.OPENED, *self._STARTED) else 0
        self.started += n if status in self._STARTED else 0
        self.submitted += n if status == Invitation.Status.COMPLETED else 0
        self.bounced += n if status == Invitation.Status.BOUNCED else 0


@dataclass(frozen=True)
class Sending:
    """The campaign page's e-mail section: the latest mailing, who is left to send to or remind, the
    reminders beat will send, and response rates for the group and each segment of the uploaded list."""

    latest: MailingProgress | None
    unsent: int
    remindable: int
    scheduled: tuple[dt.datetime, ...]
    rates: tuple[Rates, ...]
    # The bounced invitations (the first BOUNCED_SHOWN), to correct or try again.
    bounced: tuple[Invitation, ...] = ()

    @property
    def busy(self) -> bool:
        return self.latest is not None and not self.latest.done


def campaign_sending(campaign: Campaign) -> Sending:
    """In three to five queries, whatever the number of invitations."""
    rows = (
        campaign.invitations.order_by()
        .values_list("segment", "status")
        .annotate(n=Count("pk"), remindable=Count("pk", filter=Q(reminders__lt=MAX_REMINDERS)))
    )
    whole = Rates(gettext("All %(group)s") % {"group": campaign.get_group_display().lower()})
    segments: dict[str, Rates] = defaultdict(lambda: Rates(""))
    unsent = remindable = 0
    for segment, status, n, n_remindable in rows:
        whole.add(status, n)
        segments[segment].add(status, n)
        unsent += n if status == Invitation.Status.PENDING else 0
        remindable += n_remindable if status in REMINDABLE else 0
    rates = [whole]
    if len(segments) > 1 or "" not in segments:
        for segment in sorted(segments):
            segments[segment].label = segment or "(no segment)"
            rates.append(segments[segment])
    scheduled = PeriodicTask.objects.filter(
        name__startswith=f"Campaign {campaign.pk}: reminder ", enabled=True, clocked__clocked_time__gt=timezone.now()
    ).order_by("clocked__clocked_time")
    return Sending(
        latest_mailing(campaign),
        unsent,
        remindable,
        tuple(scheduled.values_list("clocked__clocked_time", flat=True)),
        tuple(rates) if whole.invited else (),
        tuple(bounced(campaign)) if whole.bounced else (),
    )


BOUNCED_SHOWN = 100


def bounced(campaign: Campaign) -> list[Invitation]:
    """The campaign's bounced invitations for the page, with `error`, what the mail server answered to the
    last e-mail, in one query; the first BOUNCED_SHOWN by address."""
    last_error = Delivery.objects.filter(invitation=OuterRef("pk"), status=Delivery.Status.BOUNCED).order_by("-pk")
    return list(
        campaign.invitations.filter(status=Invitation.Status.BOUNCED)
        .annotate(error=Subquery(last_error.values("error")[:1]))
        .order_by("email")[:BOUNCED_SHOWN]
    )
