"""Writes of campaigns: creating one per stakeholder group, closing it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from .. import scoring
from ..assessments.models import Assessment
from ..db import single
from ..groups import Group
from ..instruments.selectors import latest_builtin_instrument
from .models import Campaign


def create_campaign(
    *,
    assessment: Assessment,
    group: str,
    anonymity: str = Campaign.Anonymity.ANONYMOUS,
    anonymity_threshold: int | None = None,
    closes_at: dt.datetime | None = None,
) -> Campaign:
    if group not in Group.values:
        raise ValidationError({"group": gettext("Unknown stakeholder group “%(group)s”.") % {"group": group}})
    threshold = anonymity_threshold if anonymity_threshold is not None else assessment.anonymity_threshold
    if threshold < scoring.MIN_ANONYMITY_THRESHOLD:
        raise ValidationError({"anonymity_threshold": gettext("The anonymity threshold cannot be below 3.")})
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": gettext("The closing date must be in the future.")})
    if Campaign.objects.filter(assessment=assessment, group=group).exists():
        raise ValidationError(
            {
                "group": gettext("This assessment already has a campaign for %(group)s.")
                % {"group": Group(group).label.lower()}
            }
        )
    return Campaign.objects.create(
        assessment=assessment,
        group=group,
        instrument=latest_builtin_instrument(),
        anonymity=anonymity,
        anonymity_threshold=threshold,
        closes_at=closes_at,
    )


def campaign_for_group(*, assessment: Assessment, group: str) -> Campaign:
    """The assessment's campaign for a group, created with defaults when there is none yet."""
    campaign = single(Campaign.objects.filter(assessment=assessment, group=group).select_related("instrument"))
    if campaign:
        return campaign
    anonymity = Campaign.Anonymity.IDENTIFIED if group == Group.MANAGEMENT else Campaign.Anonymity.ANONYMOUS
    try:
        with transaction.atomic():
            return create_campaign(assessment=assessment, group=group, anonymity=anonymity)
    except (IntegrityError, ValidationError):
        return Campaign.objects.select_related("instrument").get(assessment=assessment, group=group)


def close_campaign(*, campaign: Campaign) -> Campaign:
    now = timezone.now()
    campaign.closes_at = now
    # Closing a campaign that has not opened yet moves its opening back: the database requires
    # opens_at < closes_at.
    campaign.opens_at = min(campaign.opens_at, now - dt.timedelta(microseconds=1))
    campaign.save(update_fields=["opens_at", "closes_at"])
    return campaign


def reopen_campaign(*, campaign: Campaign) -> Campaign:
    """Open a closed campaign again, with no closing date: its links work again."""
    campaign.closes_at = None
    campaign.save(update_fields=["closes_at"])
    return campaign
