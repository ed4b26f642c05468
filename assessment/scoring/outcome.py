"""The frozen results of the scoring rules; floats are never rounded here, presentation rounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .framework import Framework
from .settings import ScoringSettings


@dataclass(frozen=True)
class DimensionResult:
    code: str
    level: int
    score: float | None
    n: int
    sd: float | None
    ci95: tuple[float, float] | None
    alpha: float | None


@dataclass(frozen=True)
class GroupResult:
    group: str
    responses: int
    anonymity_threshold: int
    suppressed: bool
    dimensions: dict[str, DimensionResult]


@dataclass(frozen=True)
class LevelResult:
    """dimensions are the level's measured codes (those the score averages); not_measured the rest."""

    level: int
    score: float | None
    attained: bool
    dimensions: tuple[str, ...]
    not_measured: tuple[str, ...]


@dataclass(frozen=True)
class GapResult:
    dimension: str
    management: float
    stakeholder: float
    gap: float
    kind: Literal["blind_spot", "hidden_strength"] | None


@dataclass(frozen=True)
class SegmentResult:
    """dimensions holds the means; n and ci95 say how far apart two segments really are."""

    question: str
    value: str
    responses: int
    suppressed: bool
    dimensions: dict[str, float]
    n: dict[str, int]
    ci95: dict[str, tuple[float, float] | None]


@dataclass(frozen=True)
class SegmentSpread:
    question: str
    dimension: str
    spread: float
    lowest: str
    highest: str
    lowest_ci95: tuple[float, float] | None
    highest_ci95: tuple[float, float] | None
    separated: bool
    departmentalise: bool


@dataclass(frozen=True)
class RoadmapStep:
    """A "measure" step has no score yet, so it has no gap or priority either."""

    stage: int
    level: int
    dimension: str
    kind: Literal["measure", "improve"]
    score: float | None
    gap: float | None
    priority: float | None


@dataclass(frozen=True)
class AssessmentResult:
    maturity_level: int
    self_assessed_only: bool
    groups: dict[str, GroupResult]
    stakeholder: dict[str, float]
    levels: tuple[LevelResult, ...]
    not_measured: dict[str, tuple[str, ...]]
    gaps: dict[str, GapResult]
    segments: tuple[SegmentResult, ...]
    spreads: tuple[SegmentSpread, ...]
    departmentalisation: Literal["now", "later"] | None
    roadmap: tuple[RoadmapStep, ...]
    settings: ScoringSettings
    framework: Framework
