"""What the caller hands the scoring rules: per group, sufficient statistics from its running totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .framework import GROUPS, MANAGEMENT
from .settings import MIN_ANONYMITY_THRESHOLD
from .statistics import AlphaStats, DimensionStats, check_count


def _check_dimension_stats(where: str, dimensions: Mapping[str, DimensionStats], responses: int) -> None:
    for code, stats in dimensions.items():
        # A respondent counts at most once per dimension.
        if stats.n > responses:
            raise ValueError(f"{where}: {code} has n={stats.n} but only {responses} responses")


@dataclass(frozen=True)
class SegmentInput:
    responses: int
    dimensions: Mapping[str, DimensionStats]

    def __post_init__(self) -> None:
        check_count("SegmentInput.responses", self.responses)
        _check_dimension_stats("segment", self.dimensions, self.responses)


@dataclass(frozen=True)
class GroupInput:
    group: str
    responses: int
    anonymity_threshold: int = 5
    dimensions: Mapping[str, DimensionStats] = field(default_factory=dict)
    alpha: Mapping[str, AlphaStats] = field(default_factory=dict)
    segments: Mapping[str, Mapping[str, SegmentInput]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}; expected one of {', '.join(GROUPS)}")
        check_count(f"{self.group}: responses", self.responses)
        _check_dimension_stats(self.group, self.dimensions, self.responses)
        for code, stats in self.alpha.items():
            if stats.n > self.responses:
                raise ValueError(f"{self.group} alpha: {code} has n={stats.n} but only {self.responses} responses")
        for question, values in self.segments.items():
            # Segment questions are single-choice profile items: their values split the group.
            if sum(segment.responses for segment in values.values()) > self.responses:
                raise ValueError(
                    f"{self.group} segment {question!r}: its values have more than {self.responses} responses"
                )

    @property
    def threshold(self) -> int:
        return max(MIN_ANONYMITY_THRESHOLD, self.anonymity_threshold)

    @property
    def suppressed(self) -> bool:
        """Rule 4; management is exempt because one manager's self-assessment is the main use."""
        return self.group != MANAGEMENT and self.responses < self.threshold
