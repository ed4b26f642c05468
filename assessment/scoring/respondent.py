"""Rules 1 and 2: from one respondent's answers to their dimension scores (run once, at submit)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .settings import check_share


def item_score(value: int | None, reverse: bool) -> float | None:
    """Rule 1: a likert5 answer as 0..100; None for "not applicable" or blank."""
    if value is None:
        return None
    if value not in range(1, 6):
        raise ValueError(f"a likert5 answer must be 1..5, got {value!r}")
    # (v - 1) / 4 * 100, written so that the five possible scores are exact.
    return (5 - value if reverse else value - 1) * 25.0


@dataclass(frozen=True)
class ItemSpec:
    code: str
    dimension: str
    reverse: bool = False


def respondent_dimension_scores(
    items: Sequence[ItemSpec],
    answers: Mapping[str, int | None],
    *,
    min_answered_share: float = 0.5,
) -> dict[str, float]:
    """Rule 2: one respondent's mean item score per dimension, for the dimensions they count for.

    items are the likert5 items shown to the respondent; answers to anything else (NPS, segment
    questions) are ignored, and an item without an answer counts as blank.
    """
    check_share(min_answered_share)
    shown: dict[str, int] = {}
    scores: dict[str, list[float]] = {}
    seen: set[str] = set()
    for item in items:
        if item.code in seen:
            raise ValueError(f"item {item.code!r} is listed twice")
        seen.add(item.code)
        shown[item.dimension] = shown.get(item.dimension, 0) + 1
        try:
            score = item_score(answers.get(item.code), item.reverse)
        except ValueError as error:
            raise ValueError(f"item {item.code!r}: {error}") from error
        if score is not None:
            scores.setdefault(item.dimension, []).append(score)

    result: dict[str, float] = {}
    # In the order the items show the dimensions.
    for code, answered in scores.items():
        # The epsilon keeps e.g. 7 of 10 at a share of 0.7 (0.7 * 10 is 7.000000000000001).
        if answered and len(answered) + 1e-9 >= min_answered_share * shown[code]:
            result[code] = math.fsum(answered) / len(answered)
    return result
