"""Reads of assessments: the scoring numbers, the round before, and the assessment page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from .. import scoring
from ..campaigns.selectors import CampaignProgress, campaigns_with_progress
from ..db import single
from ..groups import Group
from ..organisations.access import Access
from ..responses.models import Response
from .models import Assessment


def scoring_settings(assessment: Assessment) -> scoring.ScoringSettings:
    return scoring.ScoringSettings(
        level_threshold=assessment.level_threshold,
        dimension_floor=assessment.dimension_floor,
        weights={
            Group.CUSTOMERS: assessment.weight_customers,
            Group.EMPLOYEES: assessment.weight_employees,
            Group.PARTNERS: assessment.weight_partners,
            Group.SHAREHOLDERS: assessment.weight_shareholders,
        },
    )


def previous_assessment(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation_id=assessment.organisation_id, created_at__lt=assessment.created_at)
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class AssessmentPage:
    assessment: Assessment
    access: Access
    campaigns: list[CampaignProgress]
    self_assessment: Response | None

    @property
    def groups_without_campaign(self) -> list[str]:
        taken = {row.campaign.group for row in self.campaigns}
        return [group for group in self.access.groups if group not in taken]


def assessment_page(assessment: Assessment, access: Access, user: User) -> AssessmentPage:
    self_assessment = None
    if access.can_manage:
        self_assessment = single(
            Response.objects.filter(campaign__assessment=assessment, campaign__group=Group.MANAGEMENT, respondent=user)
        )
    return AssessmentPage(assessment, access, campaigns_with_progress(assessment, access.groups), self_assessment)
