"""PRODUCT.md section 5: the staged roadmap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .compare import COMPARE_DECIMALS, at_least
from .outcome import GapResult, LevelResult, RoadmapStep
from .settings import ScoringSettings


def _stage_steps(
    stage: int,
    levels: Sequence[LevelResult],
    stakeholder: Mapping[str, float],
    gaps: Mapping[str, GapResult],
    settings: ScoringSettings,
) -> list[RoadmapStep]:
    # What is not measured cannot be judged, so measuring it comes before any improvement.
    unmeasured = sorted((level.level, code) for level in levels for code in level.not_measured)
    steps = [RoadmapStep(stage, level, code, "measure", None, None, None) for level, code in unmeasured]
    improve: list[tuple[float, RoadmapStep]] = []
    for level in levels:
        for code in level.dimensions:
            score = stakeholder[code]
            if not at_least(score, settings.level_threshold):
                gap_result = gaps.get(code)
                gap = gap_result.gap if gap_result is not None else None
                priority = (settings.level_threshold - score) + max(0.0, gap or 0.0) / 2
                improve.append((priority, RoadmapStep(stage, level.level, code, "improve", score, gap, priority)))
    # Priority alone, not level first: a weak dimension of the next level outranks a lower
    # level's near misses, which the floor keeps within reach of the threshold.
    improve.sort(key=lambda item: (-round(item[0], COMPARE_DECIMALS), item[1].level, item[1].dimension))
    return steps + [step for _, step in improve]


def roadmap(
    stakeholder: Mapping[str, float],
    levels: Sequence[LevelResult],
    gaps: Mapping[str, GapResult],
    settings: ScoringSettings,
) -> tuple[RoadmapStep, ...]:
    """Stage 1 up to the first unattained level (all levels when none is), stage 2 the level after it."""
    first_open = next((level.level for level in levels if not level.attained), None)
    if first_open is None:
        return tuple(_stage_steps(1, levels, stakeholder, gaps, settings))
    # Nothing above first_open + 1: a company must not try to jump a level.
    stage_1 = [level for level in levels if level.level <= first_open]
    stage_2 = [level for level in levels if level.level == first_open + 1]
    return (
        *_stage_steps(1, stage_1, stakeholder, gaps, settings),
        *_stage_steps(2, stage_2, stakeholder, gaps, settings),
    )
