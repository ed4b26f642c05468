"""Reads for pages, reports and commands, always scoped to what the user may see."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AccountUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from . import scoring
from .builtin import BUILTIN_CODE
from .models import (
    SEGMENT_FIELDS,
    Action,
    Answer,
    Assessment,
    Campaign,
    DimensionTotal,
    Group,
    Instrument,
    Invitation,
    Item,
    ItemTotal,
    Membership,
    Organisation,
    Response,
    ResponseTotal,
    Section,
)

User = AccountUser | AnonymousUser
T = TypeVar("T")


def single(queryset: QuerySet[Any, T]) -> T | None:
    """The one row of a lookup by a unique key, or None. Unlike first(), adds no ORDER BY, which could
    lead PostgreSQL to walk the primary key index instead of using the unique one."""
    return next(iter(queryset.order_by()[:1]), None)


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(memberships__user=user) | Q(consultancy__consultants=user)).distinct()


def role_in(user: User, organisation: Organisation) -> str | None:
    """'manager', 'hr' or 'consultant'; None when the user may not see the organisation."""
    if not user.is_authenticated:
        return None
    membership = single(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))
    if membership:
        return membership
    if organisation.consultancy is not None and organisation.consultancy.consultants.filter(pk=user.pk).exists():
        return "consultant"
    return None


def visible_groups(role: str | None) -> tuple[str, ...]:
    """HR sees employee results only (PRODUCT.md section 2)."""
    if role == "hr":
        return (Group.EMPLOYEES,)
    if role in ("manager", "consultant"):
        return tuple(Group.values)
    return ()


@dataclass(frozen=True)
class Access:
    organisation: Organisation
    role: str

    @property
    def groups(self) -> tuple[str, ...]:
        return visible_groups(self.role)

    @property
    def can_manage(self) -> bool:
        return self.role in ("manager", "consultant")


def get_organisation_access(user: User, organisation_id: int) -> Access:
    organisation = Organisation.objects.filter(pk=organisation_id).select_related("consultancy").first()
    role = role_in(user, organisation) if organisation else None
    if organisation is None or role is None:
        raise Http404("No such organisation.")
    return Access(organisation, role)


def get_assessment(user: User, assessment_id: int) -> tuple[Assessment, Access]:
    assessment = Assessment.objects.select_related("organisation__consultancy").filter(pk=assessment_id).first()
    role = role_in(user, assessment.organisation) if assessment else None
    if assessment is None or role is None:
        raise Http404("No such assessment.")
    return assessment, Access(assessment.organisation, role)


def get_campaign(user: User, campaign_id: int) -> tuple[Campaign, Access]:
    campaign = (
        Campaign.objects.select_related("assessment__organisation__consultancy", "instrument")
        .filter(pk=campaign_id)
        .first()
    )
    role = role_in(user, campaign.assessment.organisation) if campaign else None
    if campaign is None or role is None or campaign.group not in visible_groups(role):
        raise Http404("No such campaign.")
    return campaign, Access(campaign.assessment.organisation, role)


def dashboard(user: User) -> list[Organisation]:
    """The user's organisations, each with its assessments and their response counts (3 queries)."""
    organisations = list(organisations_for_user(user).order_by("name"))
    assessments = (
        Assessment.objects.filter(organisation__in=organisations)
        .annotate(
            submitted=Coalesce(
                Subquery(
                    ResponseTotal.objects.filter(campaign__assessment=OuterRef("pk"), bucket="")
                    .order_by()
                    .values("campaign__assessment")
                    .annotate(total=Sum("n"))
                    .values("total")
                ),
                0,
            ),
            campaign_count=Count("campaigns"),
        )
        .order_by("-created_at", "-id")
    )
    by_org: dict[int, list[Assessment]] = {}
    for a in assessments:
        by_org.setdefault(a.organisation_id, []).append(a)
    for organisation in organisations:
        organisation.assessment_list = by_org.get(organisation.pk, [])  # type: ignore[attr-defined]
    return organisations


def campaigns_with_progress(assessment: Assessment, groups: tuple[str, ...]) -> list[Campaign]:
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
    campaigns = list(
        assessment.campaigns.filter(group__in=groups)
        .annotate(
            submitted=Coalesce(Subquery(submitted), 0),
            in_progress=Coalesce(Subquery(in_progress), 0),
            invited=Coalesce(Subquery(invited), 0),
        )
        .order_by("group")
    )
    for campaign in campaigns:
        campaign.started = campaign.submitted + campaign.in_progress  # type: ignore[attr-defined]
    order = list(Group.values)
    return sorted(campaigns, key=lambda c: order.index(c.group))


def campaign_progress(campaign: Campaign) -> dict[str, Any]:
    """Response counts (submitted from the running totals) and personal links by status, in 3 queries."""
    submitted = single(ResponseTotal.objects.filter(campaign=campaign, bucket="").values_list("n", flat=True)) or 0
    in_progress = campaign.responses.filter(submitted_at__isnull=True).count()
    by_status = dict(campaign.invitations.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "submitted": submitted,
        "in_progress": in_progress,
        "started": submitted + in_progress,
        "invited": sum(by_status.values()),
        "links": [(label, by_status[value]) for value, label in Invitation.Status.choices if value in by_status],
    }


def self_assessment_of(assessment: Assessment, user: AccountUser) -> Response | None:
    return Response.objects.filter(
        campaign__assessment=assessment, campaign__group=Group.MANAGEMENT, respondent=user
    ).first()


def latest_builtin_instrument() -> Instrument:
    instrument = (
        Instrument.objects.filter(code=BUILTIN_CODE, status=Instrument.Status.PUBLISHED).order_by("-version").first()
    )
    if instrument is None:
        raise LookupError("The built-in instrument is missing: run `python manage.py migrate`.")
    return instrument


@dataclass(frozen=True)
class Page:
    section: Section
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    """What one audience is asked, page by page."""

    instrument_id: int
    audience: str
    pages: tuple[Page, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for page in self.pages for item in page.items)


def questionnaire(instrument: Instrument | int, audience: str) -> Questionnaire:
    """What an audience is asked. A published version never changes (and never goes back to draft),
    so its layout is read once per process."""
    instrument_id = instrument if isinstance(instrument, int) else instrument.pk
    if instrument_id in _published_ids or (
        Instrument.objects.filter(pk=instrument_id, status=Instrument.Status.PUBLISHED).exists()
    ):
        _published_ids.add(instrument_id)
        return _published_questionnaire(instrument_id, audience)
    return _load_questionnaire(instrument_id, audience)


_published_ids: set[int] = set()


@lru_cache(maxsize=64)
def _published_questionnaire(instrument_id: int, audience: str) -> Questionnaire:
    return _load_questionnaire(instrument_id, audience)


def _load_questionnaire(instrument_id: int, audience: str) -> Questionnaire:
    sections = list(Section.objects.filter(instrument_id=instrument_id, audience=audience).order_by("position"))
    items = (
        Item.objects.filter(instrument_id=instrument_id, audience=audience)
        .select_related("dimension")
        .order_by("position")
    )
    by_section: dict[int, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    pages = tuple(Page(section, tuple(by_section.get(section.pk, []))) for section in sections)
    return Questionnaire(instrument_id, audience, pages)


class StoredAnswer(NamedTuple):
    """An answer as the answering pages show it (read as plain rows: these pages run per respondent click)."""

    item_id: int
    value: int | None
    not_applicable: bool
    choices: list[str]
    text: str


def answers_of(response: Response, items: tuple[Item, ...] | None = None) -> dict[int, StoredAnswer]:
    answers = Answer.objects.filter(response=response)
    if items is not None:
        answers = answers.filter(item_id__in=[item.pk for item in items])
    rows = answers.values_list("item_id", "value", "not_applicable", "choices", "text")
    return {row[0]: StoredAnswer(*row) for row in rows}


def response_by_token_hash(token_hash: str) -> Response | None:
    """The response behind a respondent link, with just the campaign fields the answering pages use:
    this runs on every respondent request, and fewer joined columns cost less to plan and build."""
    return single(
        Response.objects.select_related("campaign")
        .only(*RESPONSE_FIELDS, *CAMPAIGN_FIELDS)
        .filter(token_hash=token_hash)
    )


ORGANISATION_NAME_SECONDS = 60.0
_organisation_names: dict[int, tuple[float, str]] = {}


def organisation_name(assessment_id: int) -> str:
    """The name respondents see in the questions, read at most once a minute per process: respondent
    pages need it on every request, and a renamed organisation may show its old name for a minute."""
    now = time.monotonic()
    cached = _organisation_names.get(assessment_id)
    if cached is None or now - cached[0] > ORGANISATION_NAME_SECONDS:
        name = single(Assessment.objects.filter(pk=assessment_id).values_list("organisation__name", flat=True)) or ""
        cached = _organisation_names[assessment_id] = (now, name)
    return cached[1]


RESPONSE_FIELDS = (
    "campaign",
    "invitation",
    "token_hash",
    "respondent",
    "source",
    "language",
    "current_section",
    "started_at",
    "submitted_at",
    *SEGMENT_FIELDS,
)
CAMPAIGN_FIELDS = (
    "campaign__group",
    "campaign__instrument",
    "campaign__opens_at",
    "campaign__closes_at",
    "campaign__anonymity",
    "campaign__assessment",
)


# Results: read from the running totals, so the cost does not depend on the number of responses.


def scoring_settings(assessment: Assessment) -> scoring.ScoringSettings:
    return scoring.ScoringSettings(
        level_threshold=assessment.level_threshold,
        dimension_floor=assessment.dimension_floor,
        weights={
            "customers": assessment.weight_customers,
            "employees": assessment.weight_employees,
            "partners": assessment.weight_partners,
            "shareholders": assessment.weight_shareholders,
        },
    )


def scoring_inputs(assessment: Assessment, groups: tuple[str, ...] = tuple(Group.values)) -> list[scoring.GroupInput]:
    """One GroupInput per campaign, from its running totals (4 queries whatever the number of responses)."""
    campaigns = {c.pk: c for c in assessment.campaigns.filter(group__in=groups)}
    responses: dict[int, dict[str, int]] = {pk: {} for pk in campaigns}
    for total in ResponseTotal.objects.filter(campaign_id__in=campaigns).order_by("campaign_id", "bucket"):
        responses[total.campaign_id][total.bucket] = total.n
    dimensions: dict[int, dict[str, dict[str, scoring.DimensionStats]]] = {pk: {} for pk in campaigns}
    complete: dict[tuple[int, str], DimensionTotal] = {}
    for row in DimensionTotal.objects.filter(campaign_id__in=campaigns).select_related("dimension"):
        if row.n:
            stats = scoring.DimensionStats(n=row.n, total=row.total, total_sq=row.total_sq)
            dimensions[row.campaign_id].setdefault(row.segment, {})[row.dimension.code] = stats
        if row.segment == "" and row.complete_n:
            complete[row.campaign_id, row.dimension.code] = row
    item_rows: dict[tuple[int, str], list[ItemTotal]] = {}
    for item_total in (
        ItemTotal.objects.filter(campaign_id__in=campaigns, n__gt=0)
        .select_related("item__dimension")
        .order_by("item__code")
    ):
        if item_total.item.dimension is not None:
            item_rows.setdefault((item_total.campaign_id, item_total.item.dimension.code), []).append(item_total)

    inputs = []
    for pk, campaign in campaigns.items():
        segments: dict[str, dict[str, scoring.SegmentInput]] = {}
        for bucket, n in responses[pk].items():
            question, _, value = bucket.partition("=")
            if value and question in SEGMENT_FIELDS:
                segments.setdefault(question, {})[value] = scoring.SegmentInput(
                    responses=n, dimensions=dimensions[pk].get(bucket, {})
                )
        alpha = {
            code: scoring.AlphaStats(
                n=row.complete_n,
                item_sums=tuple(i.total for i in item_rows.get((pk, code), [])),
                item_sums_sq=tuple(i.total_sq for i in item_rows.get((pk, code), [])),
                total_sum=row.complete_total,
                total_sum_sq=row.complete_total_sq,
            )
            for (campaign_id, code), row in complete.items()
            if campaign_id == pk
        }
        inputs.append(
            scoring.GroupInput(
                group=campaign.group,
                responses=responses[pk].get("", 0),
                anonymity_threshold=campaign.anonymity_threshold,
                dimensions=dimensions[pk].get("", {}),
                alpha=alpha,
                segments=segments,
            )
        )
    return inputs


def assessment_result(
    assessment: Assessment, groups: tuple[str, ...] = tuple(Group.values)
) -> scoring.AssessmentResult:
    return scoring.score_assessment(scoring_inputs(assessment, groups), scoring_settings(assessment))


def nps_of(assessment: Assessment, result: scoring.AssessmentResult) -> dict[str, dict[str, float]]:
    """Net promoter score per unsuppressed group that was asked the question (1 query)."""
    counts: dict[str, dict[str, int]] = {}
    rows = ResponseTotal.objects.filter(campaign__assessment=assessment, bucket__startswith="nps=").values_list(
        "campaign__group", "bucket", "n"
    )
    for group, bucket, n in rows:
        counts.setdefault(group, {})[bucket.removeprefix("nps=")] = n
    scores = {}
    for group, c in counts.items():
        answered = sum(c.values())
        if group in result.groups and not result.groups[group].suppressed and answered:
            promoters, detractors = c.get("promoter", 0), c.get("detractor", 0)
            scores[group] = {"nps": 100 * (promoters - detractors) / answered, "n": answered}
    return scores


def previous_assessment(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation_id=assessment.organisation_id, created_at__lt=assessment.created_at)
        .order_by("-created_at")
        .first()
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def result_as_json(result: scoring.AssessmentResult) -> dict[str, object]:
    """The export_results format of PRODUCT.md section 7, scores rounded to 0.1."""
    return {
        "maturity_level": result.maturity_level,
        "self_assessed_only": result.self_assessed_only,
        "levels": [{"level": lv.level, "score": _round(lv.score), "attained": lv.attained} for lv in result.levels],
        "groups": {
            name: {
                "n": group.responses,
                "suppressed": group.suppressed,
                "dimensions": {
                    code: {"score": _round(d.score), "n": d.n}
                    for code, d in group.dimensions.items()
                    if d.score is not None
                },
            }
            for name, group in result.groups.items()
        },
        "stakeholder": {code: _round(score) for code, score in result.stakeholder.items()},
        "gaps": {code: _round(gap.gap) for code, gap in result.gaps.items()},
        "roadmap": [
            {"stage": s.stage, "level": s.level, "dimension": s.dimension, "priority": _round(s.priority)}
            for s in result.roadmap
        ],
    }


@dataclass(frozen=True)
class RoadmapItem:
    step: scoring.RoadmapStep
    name: str
    recommendation: dict[str, object]
    action: Action | None


@dataclass(frozen=True)
class CarriedAction:
    action: Action
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    result: scoring.AssessmentResult
    nps: dict[str, dict[str, float]]
    campaigns: list[Campaign]
    previous: Assessment | None
    previous_result: scoring.AssessmentResult | None
    roadmap: list[RoadmapItem]
    carried_actions: list[CarriedAction]
    actions: list[Action]
    dimension_names: dict[str, str]

    @property
    def has_results(self) -> bool:
        """Some group, management included, has scores that may be shown."""
        return any(group.dimensions for group in self.result.groups.values() if not group.suppressed)

    @property
    def departmentalise(self) -> list[scoring.SegmentSpread]:
        return sorted((s for s in self.result.spreads if s.departmentalise), key=lambda s: -s.spread)

    @property
    def maturity_name(self) -> str:
        from . import library

        return library.maturity_name(self.result.maturity_level)

    @property
    def level_names(self) -> dict[int, str]:
        from . import library

        return {level: entry["name"] for level, entry in library.levels().items()}

    @property
    def next_level(self) -> int | None:
        return self.result.maturity_level + 1 if self.result.maturity_level < 3 else None

    @property
    def blind_spots(self) -> list[scoring.GapResult]:
        spots = [g for g in self.result.gaps.values() if g.kind == "blind_spot"]
        return sorted(spots, key=lambda g: -g.gap)[:3]

    @property
    def first_steps(self) -> list[RoadmapItem]:
        return [item for item in self.roadmap if item.step.stage == 1][:3]

    @property
    def stages(self) -> list[tuple[int, list[RoadmapItem]]]:
        stages: dict[int, list[RoadmapItem]] = {}
        for item in self.roadmap:
            stages.setdefault(item.step.stage, []).append(item)
        return sorted(stages.items())

    @property
    def suppressed(self) -> list[str]:
        return [str(Group(name).label) for name, g in self.result.groups.items() if g.suppressed]

    @property
    def departmentalisation_advice(self) -> dict[str, object]:
        from . import library

        return library.departmentalisation()

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return list(Action.Status.choices)


def report(assessment: Assessment, access: Access) -> Report:
    """Everything the report page shows; a fixed number of queries whatever the number of responses."""
    from . import library

    groups = access.groups
    result = assessment_result(assessment, groups)
    previous = previous_assessment(assessment)
    previous_result = assessment_result(previous, groups) if previous else None
    actions = {a.dimension.code: a for a in Action.objects.filter(assessment=assessment).select_related("dimension")}
    roadmap = [
        RoadmapItem(
            step=step,
            name=library.dimension_names()[step.dimension],
            recommendation=library.recommendation(step.dimension),
            action=actions.get(step.dimension),
        )
        for step in result.roadmap
    ]
    carried = []
    if previous is not None:
        for action in Action.objects.filter(assessment=previous).select_related("dimension"):
            code = action.dimension.code
            before = action.baseline_score
            if before is None and previous_result is not None:
                before = previous_result.stakeholder.get(code)
            carried.append(CarriedAction(action, before, result.stakeholder.get(code)))
    return Report(
        assessment=assessment,
        result=result,
        nps=nps_of(assessment, result),
        campaigns=campaigns_with_progress(assessment, groups),
        previous=previous,
        previous_result=previous_result,
        roadmap=roadmap,
        carried_actions=carried,
        actions=sorted(actions.values(), key=lambda a: (a.stage, a.dimension.position)),
        dimension_names=library.dimension_names(),
    )


def roadmap_step(assessment: Assessment, access: Access, dimension_code: str) -> scoring.RoadmapStep | None:
    for step in assessment_result(assessment, access.groups).roadmap:
        if step.dimension == dimension_code:
            return step
    return None


def get_action(user: User, action_id: int) -> tuple[Action, Access]:
    action = Action.objects.select_related("assessment__organisation__consultancy").filter(pk=action_id).first()
    role = role_in(user, action.assessment.organisation) if action else None
    if action is None or role is None:
        raise Http404("No such action.")
    return action, Access(action.assessment.organisation, role)
