"""Reads for the home page: the user's organisations with their assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from ..assessments.models import Assessment
from ..campaigns.models import Campaign
from .access import Access, Principal, organisations_for, roles_in
from .models import Organisation, Role


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
    """The user's organisations with each assessment's campaigns and responses, counted over the groups the
    user may see (HR: employees only), in 5 queries."""
    organisations = list(organisations_for(user).order_by("name"))
    roles = roles_in(user, organisations)
    accesses = {o.pk: Access(o, roles[o.pk]) for o in organisations if o.pk in roles}
    counts: dict[int, list[int]] = {}
    campaigns = (
        Campaign.objects.filter(assessment__organisation__in=list(accesses))
        .values_list("assessment_id", "assessment__organisation_id", "group")
        .annotate(submitted=Coalesce(Sum("response_totals__n", filter=Q(response_totals__bucket="")), 0))
        .order_by()
    )
    for assessment_id, organisation_id, group, submitted in campaigns:
        if group in accesses[organisation_id].groups:
            count = counts.setdefault(assessment_id, [0, 0])
            count[0] += submitted
            count[1] += 1
    by_organisation: dict[int, list[AssessmentSummary]] = {}
    rows = (
        Assessment.objects.filter(organisation__in=list(accesses))
        .order_by("-created_at", "-id")
        .values_list("organisation_id", "pk", "title", "created_at")
    )
    for organisation_id, pk, title, created_at in rows:
        submitted, campaign_count = counts.get(pk, (0, 0))
        by_organisation.setdefault(organisation_id, []).append(
            AssessmentSummary(pk, title, created_at, submitted, campaign_count)
        )
    return [
        OrganisationSummary(access.organisation, access, by_organisation.get(pk, [])) for pk, access in accesses.items()
    ]


@dataclass(frozen=True)
class Member:
    username: str
    email: str
    role: str
    has_password: bool


def members(organisation: Organisation) -> list[Member]:
    """The organisation's members and the consultants of its consultancy (2 queries)."""
    rows = [
        Member(m.user.get_username(), m.user.email, m.get_role_display(), m.user.has_usable_password())
        for m in organisation.memberships.select_related("user").order_by("user__username")
    ]
    if organisation.consultancy_id is not None:
        rows += [
            Member(u.get_username(), u.email, str(Role.CONSULTANT.label), u.has_usable_password())
            for u in organisation.consultancy.consultants.order_by("username")  # type: ignore[union-attr]
        ]
    return rows
