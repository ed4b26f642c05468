"""Invitations: a campaign's recipients, each with a single-use link stored only as a hash, and the mailings
that send them their link (one delivery row per invitation and mailing, the record of what went out)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Submitted")
        BOUNCED = "bounced", _("Bounced")

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True)
    # From the uploaded list's segment column, for response rates per segment; never joined to answers.
    segment = models.CharField(max_length=100, blank=True)
    # Null until a link exists: an uploaded recipient's link is made when its e-mail is built, since a
    # token is shown only once. Each e-mail replaces it, so only the latest link works.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    sends = models.PositiveSmallIntegerField(default=0)
    reminders = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "email"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="one_invitation_per_email_and_campaign")
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="invitation_campaign_status")]

    def __str__(self) -> str:
        return self.email


class Mailing(models.Model):
    """One send of a campaign's e-mails, the first one or a reminder; its progress is read from its deliveries."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Done")

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    # Touched by every batch a worker claims: a mailing with work left and no touch for a while has lost its
    # tasks (broker restarted, worker killed) and is queued again by the periodic resume_mailings.
    touched_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # An estimate when queued, the number of delivery rows once dispatched; sent and failed are final counts,
    # written when the mailing is done (while it runs, they are counted from the deliveries).
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # Set on reminders scheduled in beat ("<first mailing id>:<number>"), so one firing twice sends once.
    schedule_key = models.CharField(max_length=32, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One mailing at a time per campaign: the same send started twice at once makes one mailing,
            # and a reminder never races the first e-mails.
            models.UniqueConstraint(
                fields=["campaign"], condition=~Q(status="done"), name="one_unfinished_mailing_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} of campaign {self.campaign_id}"


class Delivery(models.Model):
    """One e-mail of a mailing to one invitation. Workers claim rows with a conditional update (pending, or
    sending with an expired claim, becomes sending), so a row is sent by one worker at a time.
    claimed_until is the claim's end while sending, and a "not before" while pending after a refusal."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="deliveries")
    # A copy of the mailing's kind, for the constraint below.
    kind = models.CharField(max_length=16, choices=Mailing.Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "invitation"], name="one_delivery_per_invitation_and_mailing"),
            # The first e-mail goes to an invitation once, whichever mailing carries it (a later mailing may
            # try again after a delivery failed for good, or bounced and the address was corrected).
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(kind="initial") & ~Q(status__in=["failed", "bounced"]),
                name="one_first_email_per_invitation",
            ),
        ]
        indexes = [models.Index(fields=["mailing", "status"], name="delivery_mailing_status")]

    def __str__(self) -> str:
        return f"{self.mailing} to {self.invitation_id}: {self.status}"

    @staticmethod
    def claimable(now: dt.datetime) -> Q:
        """Rows a worker may take: pending ones (once a "not before" set by a temporary refusal has passed),
        and those whose claim ran out (the worker that took them died or stalled)."""
        return Q(status=Delivery.Status.PENDING) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)) | Q(
            status=Delivery.Status.SENDING, claimed_until__lt=now
        )
