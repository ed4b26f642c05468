"""PRODUCT.md section 4 for one assessment: group scores, stakeholder scores, levels, gaps, segments."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

from .compare import at_least
from .framework import GROUPS, LEVELS, MANAGEMENT, STAKEHOLDER_GROUPS, Framework
from .inputs import GroupInput
from .outcome import AssessmentResult, DimensionResult, GapResult, GroupResult, LevelResult, SegmentSpread
from .roadmap import roadmap
from .segments import segments
from .settings import DEFAULT_SETTINGS, ScoringSettings
from .statistics import means


def _group_result(group: GroupInput, settings: ScoringSettings, framework: Framework) -> GroupResult:
    dimensions: dict[str, DimensionResult] = {}
    if not group.suppressed:
        for code, mean in means(group.dimensions, framework.codes).items():
            stats = group.dimensions[code]
            alpha_stats = group.alpha.get(code)
            alpha = None
            if alpha_stats is not None and min(stats.n, alpha_stats.n) >= settings.alpha_min_n:
                alpha = alpha_stats.alpha()
            level = framework.level_of(code)
            dimensions[code] = DimensionResult(code, level, mean, stats.n, stats.sd, stats.ci95, alpha)
    return GroupResult(group.group, group.responses, group.threshold, group.suppressed, dimensions)


def _stakeholder_scores(
    visible: Mapping[str, Mapping[str, float]], weights: Mapping[str, float], framework: Framework
) -> dict[str, float]:
    """Rule 5: weights renormalised over the groups that scored each dimension."""
    result: dict[str, float] = {}
    for code in framework.codes:
        # A zero weight means the consultant excluded the group, so it cannot carry a dimension alone.
        pairs = [
            (weights[group], scores[code])
            for group, scores in visible.items()
            if group in STAKEHOLDER_GROUPS and weights[group] > 0.0 and code in scores
        ]
        if pairs:
            values = [score for _, score in pairs]
            mean = math.fsum(w * s for w, s in pairs) / math.fsum(w for w, _ in pairs)
            # Rounding may put a weighted mean a hair outside its inputs (or change a lone score).
            result[code] = min(max(mean, min(values)), max(values))
    return result


def _levels(
    stakeholder: Mapping[str, float], settings: ScoringSettings, framework: Framework
) -> tuple[LevelResult, ...]:
    """Rule 7."""
    levels: list[LevelResult] = []
    below_attained = True  # level 0
    for level in LEVELS:
        codes = tuple(code for code in framework.codes_of(level) if code in stakeholder)
        not_measured = tuple(code for code in framework.codes_of(level) if code not in stakeholder)
        score = math.fsum(stakeholder[code] for code in codes) / len(codes) if codes else None
        # No level is awarded on missing evidence: a dimension nobody scored blocks its level.
        attained = (
            below_attained
            and not not_measured
            and score is not None
            and at_least(score, settings.level_threshold)
            and all(at_least(stakeholder[code], settings.dimension_floor) for code in codes)
        )
        levels.append(LevelResult(level, score, attained, codes, not_measured))
        below_attained = attained
    return tuple(levels)


def _measured_by(code: str, settings: ScoringSettings, framework: Framework) -> tuple[str, ...]:
    """Rule 7: the groups whose survey would measure a dimension that has no score."""
    asked = framework.asked_of.get(code, ())
    # A group weighted 0 counts for nothing, so surveying it would not measure the dimension.
    stakeholders = tuple(group for group in asked if group in STAKEHOLDER_GROUPS and settings.weights[group] > 0.0)
    if stakeholders:
        return stakeholders
    return (MANAGEMENT,) if MANAGEMENT in asked else ()


def _gap(code: str, management: float, stakeholder: float, settings: ScoringSettings) -> GapResult:
    """Rule 8."""
    gap = management - stakeholder
    kind: Literal["blind_spot", "hidden_strength"] | None = None
    if at_least(gap, settings.blind_spot_gap):
        kind = "blind_spot"
    elif at_least(-gap, settings.blind_spot_gap):
        kind = "hidden_strength"
    return GapResult(code, management, stakeholder, gap, kind)


def _departmentalisation(spreads: Sequence[SegmentSpread], maturity_level: int) -> Literal["now", "later"] | None:
    """Organising around customer groups is level-3 work: below level 2 it only prepares later stages."""
    if not any(spread.departmentalise for spread in spreads):
        return None
    return "now" if maturity_level >= 2 else "later"


def _check_codes(group: GroupInput, framework: Framework) -> None:
    where = group.group
    for code in [*group.dimensions, *group.alpha]:
        framework.check(where, code)
    for question, values in group.segments.items():
        for segment in values.values():
            for code in segment.dimensions:
                framework.check(f"{where} segment {question!r}", code)


def score_assessment(
    groups: Sequence[GroupInput], settings: ScoringSettings = DEFAULT_SETTINGS, *, framework: Framework
) -> AssessmentResult:
    """PRODUCT.md sections 4 and 5 for one assessment."""
    by_name: dict[str, GroupInput] = {}
    for group in groups:
        _check_codes(group, framework)
        if group.group in by_name:
            raise ValueError(f"group {group.group!r} is given twice")
        by_name[group.group] = group
    ordered = [by_name[name] for name in GROUPS if name in by_name]
    group_results = {group.group: _group_result(group, settings, framework) for group in ordered}

    # From here on only unsuppressed groups are read, so a suppressed group leaves no trace.
    visible = [group for group in ordered if not group.suppressed]
    scores = {group.group: means(group.dimensions, framework.codes) for group in visible}
    stakeholder = _stakeholder_scores(scores, settings.weights, framework)
    management = scores.get(MANAGEMENT, {})

    # Rule 6: the self-assessment stands in only when no stakeholder produced any score.
    self_assessed_only = not stakeholder and bool(management)
    gaps: dict[str, GapResult] = {}
    if self_assessed_only:
        stakeholder = dict(management)
    else:
        gaps = {
            code: _gap(code, management[code], stakeholder[code], settings)
            for code in management
            if code in stakeholder
        }

    levels = _levels(stakeholder, settings, framework)
    # Attained levels form a prefix, so their count is the highest one.
    maturity_level = sum(level.attained for level in levels)
    segment_rows, spreads = segments(visible, settings, framework)
    return AssessmentResult(
        maturity_level=maturity_level,
        self_assessed_only=self_assessed_only,
        groups=group_results,
        stakeholder=stakeholder,
        levels=levels,
        not_measured={code: _measured_by(code, settings, framework) for level in levels for code in level.not_measured},
        gaps=gaps,
        segments=segment_rows,
        spreads=spreads,
        departmentalisation=_departmentalisation(spreads, maturity_level),
        roadmap=roadmap(stakeholder, levels, gaps, settings),
        settings=settings,
        framework=framework,
    )
