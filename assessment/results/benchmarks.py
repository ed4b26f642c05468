"""Where a client stands among the consultancy's other clients, without naming any of them (issue 12)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import scoring
from ..assessments.models import Assessment
from .models import PublishedResult

# Fewer other clients would let a consultant work out one client's scores from the percentiles.
MIN_OTHER_CLIENTS = 5


@dataclass(frozen=True)
class Benchmark:
    other_clients: int
    levels: dict[int, float]  # level -> percentile (0-100) of this client among the others
    dimensions: dict[str, float]


def percentile(value: float, others: Sequence[float]) -> float:
    """Share of the others below the value, ties counting half, as 0-100."""
    below = sum(1 for other in others if other < value)
    equal = sum(1 for other in others if other == value)
    return 100.0 * (below + equal / 2) / len(others)


def benchmark(assessment: Assessment, result: scoring.AssessmentResult) -> Benchmark | None:
    """The result against the latest published result of each other client of the same consultancy (1 query),
    or None when the organisation has no consultancy or fewer than five other clients have published."""
    consultancy_id = assessment.organisation.consultancy_id
    if consultancy_id is None:
        return None
    latest: dict[int, scoring.AssessmentResult] = {}
    rows = (
        PublishedResult.objects.filter(assessment__organisation__consultancy_id=consultancy_id)
        .exclude(assessment__organisation_id=assessment.organisation_id)
        .order_by("assessment__organisation_id", "-published_at", "-number")
        .values_list("assessment__organisation_id", "result")
    )
    for organisation_id, data in rows:
        if organisation_id not in latest:
            latest[organisation_id] = scoring.result_from_data(data)
    if len(latest) < MIN_OTHER_CLIENTS:
        return None
    others = list(latest.values())
    levels = {}
    for level in result.levels:
        scores = [
            lv.score for other in others for lv in other.levels if lv.level == level.level and lv.score is not None
        ]
        if level.score is not None and scores:
            levels[level.level] = percentile(level.score, scores)
    dimensions = {}
    for code, score in result.stakeholder.items():
        scores = [other.stakeholder[code] for other in others if code in other.stakeholder]
        if scores:
            dimensions[code] = percentile(score, scores)
    return Benchmark(len(others), levels, dimensions)
