"""Rule 9: dimension scores per customer segment, and the spreads that call for departmentalisation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .compare import at_least
from .framework import Framework
from .inputs import GroupInput, SegmentInput
from .outcome import SegmentResult, SegmentSpread
from .settings import ScoringSettings
from .statistics import means


def _suppressed_values(group: GroupInput, values: Mapping[str, SegmentInput]) -> set[str]:
    """Rule 9 suppression of one segment question's values, complementary suppression included."""
    threshold = group.threshold
    hidden = {value for value, segment in values.items() if segment.responses < threshold}

    def exposed(published: list[str]) -> bool:
        # Published values subtracted from the group's figures give away the unpublished
        # respondents as one block: the hidden values plus those who skipped the question. On
        # the response count and on every dimension (where skippers may differ) that block must
        # hold at least threshold respondents, or none.
        blocks = [group.responses - sum(values[v].responses for v in published)]
        for code, stats in group.dimensions.items():
            blocks.append(
                stats.n - sum(values[v].dimensions[code].n for v in published if code in values[v].dimensions)
            )
        return any(0 < block < threshold for block in blocks)

    published = sorted((v for v in values if v not in hidden), key=lambda v: (values[v].responses, v))
    while published and exposed(published):
        hidden.add(published.pop(0))
    return hidden


def _row(question: str, value: str, segment: SegmentInput, hidden: bool, framework: Framework) -> SegmentResult:
    if hidden:
        return SegmentResult(question, value, segment.responses, True, {}, {}, {})
    scores = means(segment.dimensions, framework.codes)
    n = {code: segment.dimensions[code].n for code in scores}
    ci95 = {code: segment.dimensions[code].ci95 for code in scores}
    return SegmentResult(question, value, segment.responses, False, scores, n, ci95)


def _spreads(
    question: str, rows: Sequence[SegmentResult], settings: ScoringSettings, framework: Framework
) -> list[SegmentSpread]:
    spreads: list[SegmentSpread] = []
    for code in framework.codes:
        # Suppressed rows have no dimensions, so only published segments are compared.
        scored = sorted((row for row in rows if code in row.dimensions), key=lambda r: (r.dimensions[code], r.value))
        if len(scored) >= 2:
            low, high = scored[0], scored[-1]
            spread = high.dimensions[code] - low.dimensions[code]
            low_ci, high_ci = low.ci95[code], high.ci95[code]
            # A wide spread between segments of a few respondents each may be noise: advise
            # departmentalisation only when the two extremes' 95 % intervals do not overlap.
            separated = low_ci is not None and high_ci is not None and low_ci[1] < high_ci[0]
            departmentalise = separated and at_least(spread, settings.segment_spread)
            spreads.append(
                SegmentSpread(
                    question, code, spread, low.value, high.value, low_ci, high_ci, separated, departmentalise
                )
            )
    return spreads


def segments(
    visible: Sequence[GroupInput], settings: ScoringSettings, framework: Framework
) -> tuple[tuple[SegmentResult, ...], tuple[SegmentSpread, ...]]:
    """Rule 9 for the unsuppressed groups."""
    rows: list[SegmentResult] = []
    spreads: list[SegmentSpread] = []
    asked_of: dict[str, str] = {}
    for group in visible:
        for question, values in group.segments.items():
            # Results name the question but not the group, so a question may belong to one group only.
            if question in asked_of:
                raise ValueError(
                    f"segment question {question!r} is given for both {asked_of[question]} and {group.group}"
                )
            asked_of[question] = group.group
            hidden = _suppressed_values(group, values)
            question_rows = [
                _row(question, value, segment, value in hidden, framework) for value, segment in values.items()
            ]
            rows.extend(question_rows)
            spreads.extend(_spreads(question, question_rows, settings, framework))
    return tuple(rows), tuple(spreads)
