"""What the scoring tests share: the rules applied with the built-in framework, and short-hand inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessment.scoring import (
    LEVELS,
    AssessmentResult,
    DimensionStats,
    GroupInput,
    ScoringSettings,
)
from assessment.scoring import score_assessment as score_with_framework

from .framework import DIMENSIONS, FRAMEWORK


def score(groups: Sequence[GroupInput], settings: ScoringSettings | None = None) -> AssessmentResult:
    """The rules applied with the built-in framework."""
    return score_with_framework(groups, settings or ScoringSettings(), framework=FRAMEWORK)


LEVEL_CODES = {level: [code for code, of in DIMENSIONS.items() if of == level] for level in LEVELS}


def stats(*scores: float) -> DimensionStats:
    return DimensionStats.from_scores(scores)


def group(name: str, scores: Mapping[str, float], responses: int = 10, **kwargs: object) -> GroupInput:
    """A group whose score in each dimension comes from one respondent, so it is that score exactly."""
    dimensions = {code: stats(score) for code, score in scores.items()}
    return GroupInput(name, responses, dimensions=dimensions, **kwargs)  # type: ignore[arg-type]


def all_dimensions(default: float, **overrides: float) -> dict[str, float]:
    """Every dimension at default; overrides use _ for the dot (L1_LEAD means L1.LEAD)."""
    scores = dict.fromkeys(DIMENSIONS, default)
    scores.update({code.replace("_", "."): score for code, score in overrides.items()})
    return scores


def steps(result: AssessmentResult) -> list[tuple[int, str]]:
    return [(step.stage, step.dimension) for step in result.roadmap]
