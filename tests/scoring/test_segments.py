"""Rule 9: customer segments, their suppression, and the customer-departmentalisation advice.

Expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest

from assessment.scoring import AssessmentResult, GroupInput, SegmentInput, SegmentResult, SegmentSpread

from .helpers import all_dimensions, group, score, stats

# Rule 9: segments.


def segment(responses: int, **scores: float) -> SegmentInput:
    """Up to two respondents with the same score: the mean is that score, its 95 % interval has width 0."""
    dimensions = {code.replace("_", "."): stats(*[score] * min(responses, 2)) for code, score in scores.items()}
    return SegmentInput(responses, dimensions)


def segment_run(responses: int, values: Mapping[str, SegmentInput], threshold: int = 5) -> AssessmentResult:
    customers = GroupInput("customers", responses, anonymity_threshold=threshold, segments={"type": values})
    return score([customers])


def suppressed(result: AssessmentResult) -> dict[str, bool]:
    return {row.value: row.suppressed for row in result.segments}


def test_segment_suppression_with_complementary_suppression() -> None:
    values = {
        "individual": segment(12, L1_LEAD=80),
        "organisation": segment(14, L1_LEAD=60),
        "government": segment(4, L1_LEAD=10),
    }
    result = segment_run(30, values)
    # government (4 < 5) alone would be total minus the others: the smallest shown value goes too.
    assert result.segments == (
        SegmentResult("type", "individual", 12, True, {}, {}, {}),
        SegmentResult("type", "organisation", 14, False, {"L1.LEAD": 60.0}, {"L1.LEAD": 2}, {"L1.LEAD": (60.0, 60.0)}),
        SegmentResult("type", "government", 4, True, {}, {}, {}),
    )


def test_segment_at_threshold_is_shown() -> None:
    assert suppressed(segment_run(20, {"a": segment(5), "b": segment(15)})) == {"a": False, "b": False}
    # a = 4 suppressed, and b is all that is left: both go.
    assert suppressed(segment_run(20, {"a": segment(4), "b": segment(16)})) == {"a": True, "b": True}


def test_complementary_suppression_repeats_until_enough() -> None:
    values = {"a": segment(10), "b": segment(14), "c": segment(1), "d": segment(2), "e": segment(3)}
    # c, d, e suppressed: 6 >= 5 already, nothing else hidden.
    assert suppressed(segment_run(30, values)) == {"a": False, "b": False, "c": True, "d": True, "e": True}
    values = {"a": segment(10), "b": segment(14), "c": segment(1), "d": segment(5)}
    # c = 1 suppressed; d (5, smallest shown) joins: 6 >= 5.
    assert suppressed(segment_run(30, values)) == {"a": False, "b": False, "c": True, "d": True}
    values = {"a": segment(5), "b": segment(5), "c": segment(1)}
    # Threshold 8: every value is below it.
    assert suppressed(segment_run(11, values, threshold=8)) == {"a": True, "b": True, "c": True}


def test_complementary_suppression_counts_respondents_who_skipped_the_question() -> None:
    # 30 - 14 - 13 = 3 skipped: published a and b would give those 3 away by subtraction.
    assert suppressed(segment_run(30, {"a": segment(14), "b": segment(13)})) == {"a": False, "b": True}
    # 5 skipped is enough on its own.
    assert suppressed(segment_run(30, {"a": segment(12), "b": segment(13)})) == {"a": False, "b": False}


def test_empty_segment_value_hides_nobody() -> None:
    assert suppressed(segment_run(30, {"a": segment(0), "b": segment(15), "c": segment(15)})) == {
        "a": True,
        "b": False,
        "c": False,
    }


def test_segment_threshold_never_below_three() -> None:
    assert suppressed(segment_run(9, {"a": segment(3), "b": segment(6)}, threshold=1)) == {"a": False, "b": False}
    assert suppressed(segment_run(9, {"a": segment(2), "b": segment(7)}, threshold=1)) == {"a": True, "b": True}


def test_segments_of_a_suppressed_group_are_not_reported() -> None:
    result = segment_run(4, {"a": segment(2, L1_LEAD=10), "b": segment(2, L1_LEAD=90)})
    assert result.segments == () and result.spreads == ()


def test_segment_spread() -> None:
    values = {
        "18-34": segment(10, L3_SPEED=64.1, L3_DELIGHT=70.0, L1_LEAD=50.0),
        "35-54": segment(10, L3_SPEED=44.1, L3_DELIGHT=50.1),
        "55+": segment(10, L3_SPEED=50.0, L3_DELIGHT=60.0),
        "tiny": segment(0),
    }
    result = segment_run(30, values)
    # Zero-width intervals, so both spreads are separated and only the spread's size decides.
    # 64.1 - 44.1 is 19.999999999999993 in floating point: still 20.
    # L1.LEAD has a single segment: no spread.
    assert [spread.spread for spread in result.spreads] == pytest.approx([20.0, 19.9])
    assert [dataclasses.replace(spread, spread=0.0) for spread in result.spreads] == [
        SegmentSpread("type", "L3.SPEED", 0.0, "35-54", "18-34", (44.1, 44.1), (64.1, 64.1), True, True),
        SegmentSpread("type", "L3.DELIGHT", 0.0, "35-54", "18-34", (50.1, 50.1), (70.0, 70.0), True, False),
    ]
    assert result.departmentalisation == "later"  # customers alone measure no level: maturity 0


def test_spread_leaves_out_suppressed_segments() -> None:
    values = {"a": segment(10, L3_SPEED=90.0), "b": segment(10, L3_SPEED=60.0), "c": segment(2, L3_SPEED=0.0)}
    # c suppressed; a (10) joins it by complementary suppression, so fewer than two remain.
    result = segment_run(22, values)
    assert suppressed(result) == {"a": True, "b": False, "c": True}
    assert result.spreads == ()


# Departmentalisation advice: only a spread the sampling noise cannot explain.

T975_DF1 = 12.706205
T975_DF3 = 3.182446


def income_run(low: list[float], high: list[float], **employees: float) -> AssessmentResult:
    """Customers split by income band on L3.SPEED (5 per band), next to employees at 80 everywhere."""
    values = {"low": SegmentInput(5, {"L3.SPEED": stats(*low)}), "high": SegmentInput(5, {"L3.SPEED": stats(*high)})}
    customers = GroupInput("customers", 10, dimensions={"L3.SPEED": stats(*low, *high)}, segments={"income": values})
    return score([customers, group("employees", all_dimensions(80, **employees))])


def test_a_wide_spread_within_the_noise_gives_no_advice() -> None:
    result = income_run([49, 51], [70, 72])
    # Each band: n = 2, deviations +-1, sd = sqrt(2), half-width t(0.975, 1) * sqrt(2) / sqrt(2) = 12.706205.
    # low: 50 -> (37.293795, 62.706205); high: 71 -> (58.293795, 83.706205). Spread 71 - 50 = 21 >= 20,
    # but 62.7 > 58.3: the intervals overlap.
    low, high = result.segments
    assert (low.dimensions, low.n) == ({"L3.SPEED": 50.0}, {"L3.SPEED": 2})
    assert low.ci95["L3.SPEED"] == pytest.approx((50 - T975_DF1, 50 + T975_DF1))
    assert high.ci95["L3.SPEED"] == pytest.approx((71 - T975_DF1, 71 + T975_DF1))
    (spread,) = result.spreads
    assert (spread.spread, spread.lowest, spread.highest) == (21.0, "low", "high")
    assert spread.lowest_ci95 == pytest.approx((37.293795, 62.706205))
    assert spread.highest_ci95 == pytest.approx((58.293795, 83.706205))
    assert (spread.separated, spread.departmentalise) == (False, False)
    assert result.departmentalisation is None


def test_a_separated_spread_gives_advice_now_from_level_two() -> None:
    result = income_run([49, 49, 51, 51], [70, 70, 72, 72])
    # Each band: n = 4, deviations +-1, sd = sqrt(4 / 3) = 1.154701, half-width
    # t(0.975, 3) * 1.154701 / sqrt(4) = 1.837382. low (48.162618, 51.837382) ends below
    # high (69.162618, 72.837382) starts: separated, and the spread is 21 >= 20.
    half = T975_DF3 * (4 / 3) ** 0.5 / 2
    (spread,) = result.spreads
    assert spread.lowest_ci95 == pytest.approx((50 - half, 50 + half))
    assert spread.highest_ci95 == pytest.approx((71 - half, 71 + half))
    assert (spread.spread, spread.separated, spread.departmentalise) == (21.0, True, True)
    # L3.SPEED: customers (8 * 49..72) average 60.5, so (0.4 * 60.5 + 0.3 * 80) / 0.7 = 68.857;
    # level 3: (4 * 80 + 68.857) / 5 = 77.8 >= 70. Maturity 3: advice for now.
    assert result.maturity_level == 3
    assert result.departmentalisation == "now"


def test_a_separated_spread_below_level_two_is_advice_for_later() -> None:
    # The same separated spread; level 2: (20 + 3 * 80) / 4 = 65 < 70, so maturity 1.
    result = income_run([49, 49, 51, 51], [70, 70, 72, 72], L2_TRAINING=20)
    assert result.maturity_level == 1
    assert result.spreads[0].departmentalise is True
    assert result.departmentalisation == "later"


def test_separation_needs_two_respondents_in_each_extreme() -> None:
    # high has one respondent: no interval, so no separation however wide the spread (90 - 50 = 40).
    result = income_run([49, 49, 51, 51], [90])
    (spread,) = result.spreads
    assert (spread.spread, spread.highest_ci95, spread.separated, spread.departmentalise) == (40.0, None, False, False)
    assert result.departmentalisation is None
