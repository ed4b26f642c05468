"""Rule 4's guard against isolation over time (PRODUCT.md section 4): while a campaign is open, the figures
pages show move on only once at least the group's anonymity threshold of responses has come or gone since
the figures last shown, so no two views of a report differ by fewer respondents than the threshold; once the
campaign closes they show every response.

The figures shown are kept as a GroupInput in plain JSON data, so a page can score them again with any
settings without reading the responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .inputs import GroupInput, SegmentInput
from .statistics import AlphaStats, DimensionStats


def moves_on(*, live_responses: int, shown_responses: int | None, threshold: int, closed: bool) -> bool:
    """Whether the figures shown should now become the live ones. `shown_responses` is None before any
    figures were shown, which counts as none shown."""
    shown = shown_responses or 0
    if closed:
        return shown_responses is None or live_responses != shown
    return abs(live_responses - shown) >= threshold


def _stats_to_data(dimensions: Mapping[str, DimensionStats]) -> dict[str, list[float]]:
    return {code: [s.n, s.total, s.total_sq] for code, s in dimensions.items()}


def _stats_from_data(data: Mapping[str, Any]) -> dict[str, DimensionStats]:
    return {code: DimensionStats(n=int(n), total=float(t), total_sq=float(sq)) for code, (n, t, sq) in data.items()}


def group_input_to_data(group: GroupInput) -> dict[str, Any]:
    return {
        "group": group.group,
        "responses": group.responses,
        "anonymity_threshold": group.anonymity_threshold,
        "dimensions": _stats_to_data(group.dimensions),
        "alpha": {
            code: {
                "n": a.n,
                "item_sums": list(a.item_sums),
                "item_sums_sq": list(a.item_sums_sq),
                "total_sum": a.total_sum,
                "total_sum_sq": a.total_sum_sq,
            }
            for code, a in group.alpha.items()
        },
        "segments": {
            question: {
                value: {"responses": s.responses, "dimensions": _stats_to_data(s.dimensions)}
                for value, s in values.items()
            }
            for question, values in group.segments.items()
        },
    }


def group_input_from_data(data: Mapping[str, Any], *, anonymity_threshold: int | None = None) -> GroupInput:
    """The stored figures; a threshold changed since they were stored applies to them at once."""
    return GroupInput(
        group=data["group"],
        responses=int(data["responses"]),
        anonymity_threshold=anonymity_threshold if anonymity_threshold is not None else data["anonymity_threshold"],
        dimensions=_stats_from_data(data["dimensions"]),
        alpha={
            code: AlphaStats(
                n=int(a["n"]),
                item_sums=tuple(float(x) for x in a["item_sums"]),
                item_sums_sq=tuple(float(x) for x in a["item_sums_sq"]),
                total_sum=float(a["total_sum"]),
                total_sum_sq=float(a["total_sum_sq"]),
            )
            for code, a in data["alpha"].items()
        },
        segments=_segments_from_data(data["segments"]),
    )


def _segments_from_data(data: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, SegmentInput]]:
    # In the running totals' order ("question=value"): JSON stored in PostgreSQL does not keep key order.
    pairs = sorted(((question, value) for question, values in data.items() for value in values), key="=".join)
    segments: dict[str, dict[str, SegmentInput]] = {}
    for question, value in pairs:
        s = data[question][value]
        segments.setdefault(question, {})[value] = SegmentInput(
            responses=int(s["responses"]), dimensions=_stats_from_data(s["dimensions"])
        )
    for question in sorted(data):
        segments.setdefault(question, {})
    return segments
