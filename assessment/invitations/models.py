"""Invitations: a campaign's recipients, each with a single-use link stored only as a hash."""

from django.db import models
from django.utils import timezone


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        OPENED = "opened", "Opened"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        BOUNCED = "bounced", "Bounced"

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
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

    def __str__(self) -> str:
        return self.email
