"""Reads for the home page: the user's organisations with their assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from ..assessments.models import Assessment
from ..responses.models import ResponseTotal
from .access import Access, Principal, organisations_for, roles_in
from .models import Organisation


@dataclass(frozen=True)
class AssessmentSummary:
    pk: int
    title: str
    created_at: dt.datetime
    submitted: int
    campaign_count: int


@dataclass(frozen=True)
class OrganisationSummary:
    organisation: Organisation
    access: Access
    assessments: list[AssessmentSummary]


def dashboard(user: Principal) -> list[OrganisationSummary]:
    """The user's organisations with the user's access and each assessment's response count (4 queries)."""
    organisations = list(organisations_for(user).order_by("name"))
    roles = roles_in(user, organisations)
    submitted = (
        ResponseTotal.objects.filter(campaign__assessment=OuterRef("pk"), bucket="")
        .order_by()
        .values("campaign__assessment")
        .annotate(total=Sum("n"))
        .values("total")
    )
    rows = (
        Assessment.objects.filter(organisation__in=organisations)
        .annotate(submitted=Coalesce(Subquery(submitted), 0), campaign_count=Count("campaigns"))
        .order_by("-created_at", "-id")
        .values_list("organisation_id", "pk", "title", "created_at", "submitted", "campaign_count")
    )
    by_organisation: dict[int, list[AssessmentSummary]] = {}
    for organisation_id, *fields in rows:
        by_organisation.setdefault(organisation_id, []).append(AssessmentSummary(*fields))
    return [
        OrganisationSummary(organisation, Access(organisation, role), by_organisation.get(organisation.pk, []))
        for organisation in organisations
        if (role := roles.get(organisation.pk)) is not None
    ]
