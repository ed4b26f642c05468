"""Results read from the running totals, so their cost does not depend on the number of responses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import scoring
from ..assessments.models import Assessment
from ..assessments.selectors import scoring_settings
from ..groups import Group
from ..instruments.selectors import Dimensions, dimensions
from ..organisations.access import Access, Need
from .models import PublishedResult
from .shown import Totals, live_totals, shown_totals


@dataclass(frozen=True)
class Figures:
    """An assessment's result with what goes with it on a page: NPS per group and the open-text samples."""

    result: scoring.AssessmentResult
    nps: dict[str, dict[str, float]]
    comments: list[list[Any]]  # [group, question's position, question, [texts]]


def _totals(assessment: Assessment, groups: tuple[str, ...], *, live: bool) -> list[Totals]:
    campaigns = {c.pk: c for c in assessment.campaigns.filter(group__in=groups)}
    return list((live_totals if live else shown_totals)(campaigns).values())


def scoring_inputs(
    assessment: Assessment, groups: tuple[str, ...] = tuple(Group.values), *, live: bool = False
) -> list[scoring.GroupInput]:
    """One GroupInput per campaign: the figures pages show, or with `live` every submitted response."""
    return [totals.input for totals in _totals(assessment, groups, live=live)]


def assessment_result(
    assessment: Assessment,
    groups: tuple[str, ...] = tuple(Group.values),
    *,
    dims: Dimensions | None = None,
    live: bool = False,
) -> scoring.AssessmentResult:
    """The result pages show (moved on in steps, scoring.stepping), or with `live` the result from every
    submitted response (the command line's), with the assessment's current settings."""
    return _score(assessment, scoring_inputs(assessment, groups, live=live), dims)


def _score(
    assessment: Assessment, inputs: list[scoring.GroupInput], dims: Dimensions | None
) -> scoring.AssessmentResult:
    framework = (dims or dimensions()).framework
    return scoring.score_assessment(inputs, scoring_settings(assessment), framework=framework)


def shown_figures(
    assessment: Assessment, groups: tuple[str, ...] = tuple(Group.values), *, dims: Dimensions | None = None
) -> Figures:
    """What a page shows of the assessment: its result, NPS and comments, from the same stepped figures."""
    totals = _totals(assessment, groups, live=False)
    result = _score(assessment, [t.input for t in totals], dims)
    shown = [t for t in totals if t.input.group in result.groups and not result.groups[t.input.group].suppressed]
    return Figures(
        result=result,
        nps={t.input.group: nps for t in shown if (nps := _nps(t.buckets))},
        comments=[
            [t.input.group, position, question, list(texts)] for t in shown for position, question, texts in t.comments
        ],
    )


def _nps(buckets: Mapping[str, int]) -> dict[str, float]:
    """Net promoter score of a group that was asked the question; empty if nobody answered it."""
    promoters, passives, detractors = (buckets.get(f"nps={band}", 0) for band in ("promoter", "passive", "detractor"))
    answered = promoters + passives + detractors
    return {"nps": 100 * (promoters - detractors) / answered, "n": answered} if answered else {}


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
    # ASCII only: "²".isdigit() is true, but int("²") fails.
    if number and number.isascii() and number.isdigit():
        return publications.filter(number=int(number)).first()
    if not access.may(Need.VIEW):
        return publications.order_by("-number").first()
    return None
