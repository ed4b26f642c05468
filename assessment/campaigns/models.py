"""Campaigns: one per stakeholder group surveyed in an assessment, with its shareable link."""

import secrets
import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import scoring
from ..groups import Group


def new_share_salt() -> str:
    return secrets.token_hex(16)


class Campaign(models.Model):
    class Anonymity(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous: no link from an answer to a person")
        CONFIDENTIAL = "confidential", _("Confidential: link kept but never shown")
        IDENTIFIED = "identified", _("Identified")

    assessment = models.ForeignKey("assessment.Assessment", on_delete=models.CASCADE, related_name="campaigns")
    group = models.CharField(max_length=16, choices=Group.choices)
    instrument = models.ForeignKey("assessment.Instrument", on_delete=models.PROTECT, related_name="campaigns")
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    anonymity = models.CharField(max_length=16, choices=Anonymity.choices, default=Anonymity.ANONYMOUS)
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=scoring.DEFAULT_ANONYMITY_THRESHOLD, validators=[MinValueValidator(scoring.MIN_ANONYMITY_THRESHOLD)]
    )
    # The shareable link is a signature over public_id and share_salt: nothing secret is stored,
    # and changing the salt revokes every copy of the old link.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    share_salt = models.CharField(max_length=32, default=new_share_salt)
    # How many responses one address may start through the shareable link in an hour: a few for a link
    # in a newsletter, more for a tablet at a counter where every customer answers from one address.
    shared_starts_per_hour = models.PositiveIntegerField(default=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "group"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "group"], name="one_campaign_per_group_and_assessment"),
            models.CheckConstraint(
                condition=Q(anonymity_threshold__gte=3), name="campaign_anonymity_threshold_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.get_group_display()}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)
