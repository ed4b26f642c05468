"""The running totals of a campaign as plain values, to compare with a rebuild from the stored answers."""

from __future__ import annotations

import pytest

from assessment.models import Campaign, DimensionTotal, ItemTotal, ResponseTotal
from assessment.responses.services import rebuild_totals


def totals_of(campaign: Campaign) -> dict[tuple[object, ...], tuple[float, ...]]:
    rows: dict[tuple[object, ...], tuple[float, ...]] = {}
    for bucket, n in ResponseTotal.objects.filter(campaign=campaign).values_list("bucket", "n"):
        rows["response", bucket] = (n,)
    for dimension, segment, *values in DimensionTotal.objects.filter(campaign=campaign).values_list(
        "dimension__code", "segment", "n", "total", "total_sq", "complete_n", "complete_total", "complete_total_sq"
    ):
        rows["dimension", dimension, segment] = tuple(values)
    for item, *values in ItemTotal.objects.filter(campaign=campaign).values_list(
        "item__code", "n", "total", "total_sq"
    ):
        rows["item", item] = tuple(values)
    return rows


def assert_totals_equal_a_rebuild(campaign: Campaign) -> dict[tuple[object, ...], tuple[float, ...]]:
    """The running totals as kept, checked against a rebuild from scratch; returns the rebuilt ones."""
    kept = totals_of(campaign)
    rebuild_totals(campaign=campaign)
    rebuilt = totals_of(campaign)
    assert kept.keys() == rebuilt.keys()
    for key, values in rebuilt.items():
        assert kept[key] == pytest.approx(values, rel=1e-9, abs=1e-9), key
    return rebuilt
