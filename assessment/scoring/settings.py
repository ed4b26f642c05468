"""The numbers of PRODUCT.md section 4 that a consultant may change per assessment."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .framework import CUSTOMERS, EMPLOYEES, PARTNERS, SHAREHOLDERS, STAKEHOLDER_GROUPS

MAX_SCORE = 100.0
MIN_ANONYMITY_THRESHOLD = 3
DEFAULT_ANONYMITY_THRESHOLD = 5
DEFAULT_LEVEL_THRESHOLD = 70.0
DEFAULT_DIMENSION_FLOOR = 50.0
# Rule 5's weights: the one place they are written down (the assessment's fields default to them).
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {CUSTOMERS: 0.40, PARTNERS: 0.15, EMPLOYEES: 0.30, SHAREHOLDERS: 0.15}
)


def check_share(share: float) -> None:
    # A share of 0 would let a respondent who answered nothing count for a dimension.
    if not 0.0 < share <= 1.0:
        raise ValueError(f"min_answered_share must be in (0, 1], got {share!r}")


@dataclass(frozen=True)
class ScoringSettings:
    level_threshold: float = DEFAULT_LEVEL_THRESHOLD
    dimension_floor: float = DEFAULT_DIMENSION_FLOOR
    weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    blind_spot_gap: float = 15.0
    segment_spread: float = 20.0
    alpha_min_n: int = 30
    min_answered_share: float = 0.5

    def __post_init__(self) -> None:
        for name, value in (
            ("level_threshold", self.level_threshold),
            ("dimension_floor", self.dimension_floor),
            ("blind_spot_gap", self.blind_spot_gap),
            ("segment_spread", self.segment_spread),
        ):
            if not 0.0 <= value <= MAX_SCORE:
                raise ValueError(f"{name} must be between 0 and 100, got {value!r}")
        # With a floor above the threshold a level could fail on a dimension the roadmap,
        # which lists dimensions below the threshold, would never mention.
        if self.dimension_floor > self.level_threshold:
            raise ValueError(
                f"dimension_floor ({self.dimension_floor}) must not exceed level_threshold ({self.level_threshold})"
            )
        # A zero gap would call perfect agreement a blind spot.
        if self.blind_spot_gap <= 0.0:
            raise ValueError(f"blind_spot_gap must be positive, got {self.blind_spot_gap!r}")
        if self.alpha_min_n < 2:
            raise ValueError(f"alpha_min_n must be at least 2 (alpha needs variances), got {self.alpha_min_n}")
        check_share(self.min_answered_share)

        unknown = sorted(set(self.weights) - set(STAKEHOLDER_GROUPS))
        if unknown:
            raise ValueError(f"weights: unknown group(s) {unknown}; expected some of {', '.join(STAKEHOLDER_GROUPS)}")
        # Every stakeholder group gets an explicit weight (missing = 0) in a read-only copy, so
        # that equal settings compare equal and the caller's dict can't change them afterwards.
        weights = {group: float(self.weights.get(group, 0.0)) for group in STAKEHOLDER_GROUPS}
        for group, weight in weights.items():
            if not (math.isfinite(weight) and weight >= 0.0):
                raise ValueError(f"weights: {group} must be a finite non-negative number, got {weight!r}")
        if sum(weights.values()) <= 0.0:
            raise ValueError("weights: at least one stakeholder group needs a positive weight")
        object.__setattr__(self, "weights", MappingProxyType(weights))


DEFAULT_SETTINGS = ScoringSettings()
