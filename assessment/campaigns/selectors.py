"""Reads of campaigns: their progress, for the assessment and campaign pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..assessments.models import Assessment
from ..db import single
from ..groups import Group
from ..invitations.models import Invitation
from ..responses.models import Response, ResponseTotal
from .models import Campaign


@dataclass(frozen=True)
class CampaignProgress:
    campaign: Campaign
    invited: int
    in_progress: int
    submitted: int
    links: tuple[tuple[str, int], ...] = ()

    @property
    def started(self) -> int:
        return self.submitted + self.in_progress


def campaigns_with_progress(assessment: Assessment, groups: tuple[str, ...]) -> list[CampaignProgress]:
    """Campaigns with invitation and response counts, in one query that does not grow with responses:
    submitted counts come from the running totals, in-progress ones from the (campaign, submitted_at) index."""
    submitted = ResponseTotal.objects.filter(campaign=OuterRef("pk"), bucket="").values("n")[:1]
    in_progress = (
        Response.objects.filter(campaign=OuterRef("pk"), submitted_at__isnull=True)
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    invited = (
        Invitation.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts = {
        pk: (invited_n, in_progress_n, submitted_n)
        for pk, invited_n, in_progress_n, submitted_n in assessment.campaigns.filter(group__in=groups)
        .annotate(
            submitted_n=Coalesce(Subquery(submitted), 0),
            in_progress_n=Coalesce(Subquery(in_progress), 0),
            invited_n=Coalesce(Subquery(invited), 0),
        )
        .values_list("pk", "invited_n", "in_progress_n", "submitted_n")
    }
    order = list(Group.values)
    campaigns = sorted(assessment.campaigns.filter(pk__in=counts), key=lambda c: order.index(c.group))
    return [CampaignProgress(campaign, *counts[campaign.pk]) for campaign in campaigns]


def campaign_progress(campaign: Campaign) -> CampaignProgress:
    """Response counts (submitted from the running totals) and personal links by status, in 3 queries."""
    submitted = single(ResponseTotal.objects.filter(campaign=campaign, bucket="").values_list("n", flat=True)) or 0
    in_progress = campaign.responses.filter(submitted_at__isnull=True).count()
    by_status = dict(campaign.invitations.order_by().values_list("status").annotate(n=Count("id")))
    links = tuple((str(label), by_status[value]) for value, label in Invitation.Status.choices if value in by_status)
    return CampaignProgress(campaign, sum(by_status.values()), in_progress, submitted, links)
