"""Results read from the running totals, so their cost does not depend on the number of responses."""

from __future__ import annotations

from .. import scoring
from ..assessments.models import Assessment
from ..assessments.selectors import scoring_settings
from ..groups import Group
from ..instruments.selectors import Dimensions, dimensions
from ..organisations.access import Access, Need
from ..responses.models import SEGMENT_FIELDS, DimensionTotal, ItemTotal, ResponseTotal
from .models import PublishedResult


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
    assessment: Assessment, groups: tuple[str, ...] = tuple(Group.values), *, dims: Dimensions | None = None
) -> scoring.AssessmentResult:
    """The live result from every submitted response, with the assessment's current settings."""
    framework = (dims or dimensions()).framework
    return scoring.score_assessment(
        scoring_inputs(assessment, groups), scoring_settings(assessment), framework=framework
    )


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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _round_pair(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else [round(pair[0], 1), round(pair[1], 1)]


def result_as_json(result: scoring.AssessmentResult) -> dict[str, object]:
    """The export_results format of PRODUCT.md section 7, scores rounded to 0.1."""
    return {
        "maturity_level": result.maturity_level,
        "self_assessed_only": result.self_assessed_only,
        "levels": [
            {
                "level": lv.level,
                "score": _round(lv.score),
                "attained": lv.attained,
                "not_measured": list(lv.not_measured),
            }
            for lv in result.levels
        ],
        "groups": {
            name: {
                "n": group.responses,
                "suppressed": group.suppressed,
                "dimensions": {
                    code: {"score": _round(d.score), "n": d.n, "ci95": _round_pair(d.ci95)}
                    for code, d in group.dimensions.items()
                    if d.score is not None
                },
            }
            for name, group in result.groups.items()
        },
        "stakeholder": {code: _round(score) for code, score in result.stakeholder.items()},
        "gaps": {code: _round(gap.gap) for code, gap in result.gaps.items()},
        "roadmap": [
            {
                "stage": s.stage,
                "kind": s.kind,
                "level": s.level,
                "dimension": s.dimension,
                "priority": _round(s.priority),
            }
            for s in result.roadmap
        ],
    }


def roadmap_step(assessment: Assessment, access: Access, dimension_code: str) -> scoring.RoadmapStep | None:
    for step in assessment_result(assessment, access.groups).roadmap:
        if step.dimension == dimension_code:
            return step
    return None


def latest_published(assessment: Assessment) -> PublishedResult | None:
    return assessment.published.order_by("-number").first()


def published_result(published: PublishedResult) -> scoring.AssessmentResult:
    """The result as it was published, read back from its snapshot (never recomputed)."""
    return scoring.result_from_data(published.result)


def published_for(assessment: Assessment, access: Access, number: str | None) -> PublishedResult | None:
    """The publication a page shows: the one asked for, else for a viewer the latest; HR sees its live
    employee view only (a snapshot holds every group)."""
    if access.groups != tuple(Group.values):
        return None
    publications = assessment.published.all()
    if number and number.isdigit():
        return publications.filter(number=int(number)).first()
    if not access.may(Need.VIEW):
        return publications.order_by("-number").first()
    return None
