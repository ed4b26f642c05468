"""Rules 1, 2, 3 and 10: item, respondent and group scores, and reliability.

Pure Python: no Django, no database. Expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from assessment.scoring import (
    AlphaStats,
    DimensionStats,
    GroupInput,
    ItemSpec,
    ScoringSettings,
    item_score,
    respondent_dimension_scores,
    t_quantile_975,
)

from .helpers import score, stats

# Rule 1: item score.


@pytest.mark.parametrize(
    ("value", "reverse", "expected"),
    [
        (1, False, 0.0),
        (2, False, 25.0),
        (3, False, 50.0),
        (4, False, 75.0),
        (5, False, 100.0),
        (1, True, 100.0),
        (4, True, 25.0),
    ],
)
def test_item_score(value: int, reverse: bool, expected: float) -> None:
    assert item_score(value, reverse) == expected


def test_item_score_not_applicable_is_none() -> None:
    assert item_score(None, False) is None
    assert item_score(None, True) is None


@pytest.mark.parametrize("value", [0, 6, -1, 10])
def test_item_score_out_of_range(value: int) -> None:
    with pytest.raises(ValueError, match="1..5"):
        item_score(value, False)


# Rule 2: respondent dimension scores.


def test_respondent_half_answered_counts_and_below_half_does_not() -> None:
    items = [
        ItemSpec("lead1", "L1.LEAD"),
        ItemSpec("lead2", "L1.LEAD"),
        ItemSpec("lead3", "L1.LEAD"),
        ItemSpec("lead4", "L1.LEAD", reverse=True),
        ItemSpec("speed1", "L3.SPEED"),
        ItemSpec("speed2", "L3.SPEED"),
        ItemSpec("speed3", "L3.SPEED"),
    ]
    # L1.LEAD: 2 of 4 answered (one N/A, one missing) -> (100 + 50) / 2 = 75.
    # L3.SPEED: 1 of 3 answered, below half -> left out.
    answers = {"lead1": 5, "lead2": None, "lead4": 3, "speed2": 5}
    assert respondent_dimension_scores(items, answers) == {"L1.LEAD": pytest.approx(75.0)}


def test_respondent_not_applicable_is_left_out_of_the_mean() -> None:
    items = [ItemSpec("a", "L1.SKILLS"), ItemSpec("b", "L1.SKILLS"), ItemSpec("c", "L1.SKILLS", reverse=True)]
    # b is N/A: mean of a = 4 -> 75 and reversed c = 2 -> 75; not (75 + 0 + 75) / 3.
    assert respondent_dimension_scores(items, {"a": 4, "b": None, "c": 2}) == {"L1.SKILLS": pytest.approx(75.0)}


def test_respondent_share_setting_and_answers_to_other_items() -> None:
    items = [ItemSpec(f"i{n}", "L2.TRAINING") for n in range(10)]
    answers: dict[str, int | None] = {f"i{n}": 5 for n in range(7)}
    answers["nps"] = 9  # not a likert5 item shown here: ignored
    # 7 of 10 at a share of 0.7 counts although 0.7 * 10 is 7.000000000000001 in floating point.
    assert respondent_dimension_scores(items, answers, min_answered_share=0.7) == {"L2.TRAINING": 100.0}
    assert respondent_dimension_scores(items, answers, min_answered_share=0.8) == {}


def test_respondent_validation() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        respondent_dimension_scores([ItemSpec("x", "L1.LEAD"), ItemSpec("x", "L1.LEAD")], {})
    with pytest.raises(ValueError, match="'x'.*1..5"):
        respondent_dimension_scores([ItemSpec("x", "L1.LEAD")], {"x": 7})
    with pytest.raises(ValueError, match="min_answered_share"):
        respondent_dimension_scores([ItemSpec("x", "L1.LEAD")], {}, min_answered_share=0)


# Rule 3: group statistics.


def test_t_quantile() -> None:
    assert t_quantile_975(1) == pytest.approx(12.706205, abs=1e-6)
    assert t_quantile_975(2) == pytest.approx(4.302653, abs=1e-6)
    assert t_quantile_975(30) == pytest.approx(2.042272, abs=1e-6)
    # Above the table: the expansion.
    assert t_quantile_975(31) == pytest.approx(2.039513, abs=1e-6)
    assert t_quantile_975(40) == pytest.approx(2.021075, abs=1e-6)
    assert t_quantile_975(60) == pytest.approx(2.000298, abs=1e-6)
    assert t_quantile_975(120) == pytest.approx(1.979930, abs=1e-6)
    assert t_quantile_975(10**6) == pytest.approx(1.959966, abs=1e-6)
    with pytest.raises(ValueError):
        t_quantile_975(0)


def test_sd_and_ci_clipped_to_100() -> None:
    s = stats(50, 75, 100)
    assert (s.n, s.total, s.total_sq) == (3, 225.0, 18125.0)
    assert s.mean == pytest.approx(75.0)
    assert s.sd == pytest.approx(25.0)  # deviations -25, 0, 25: (625 + 0 + 625) / 2 = 625
    half = 4.302653 * 25 / math.sqrt(3)  # 62.1036
    assert s.ci95 == pytest.approx((75 - half, 100.0), abs=1e-5)


def test_sd_and_ci_inside_range() -> None:
    s = stats(60, 70, 80, 90)
    # Deviations -15, -5, 5, 15: variance 500 / 3; t(0.975, 3) = 3.182446.
    sd = math.sqrt(500 / 3)
    half = 3.182446 * sd / 2
    assert s.sd == pytest.approx(sd)
    assert s.ci95 == pytest.approx((75 - half, 75 + half), abs=1e-5)
    assert s.ci95 == pytest.approx((54.4574, 95.5426), abs=1e-4)


def test_stats_small_n_and_equal_scores() -> None:
    assert stats().mean is None and stats().sd is None and stats().ci95 is None
    one = stats(40)
    assert (one.mean, one.sd, one.ci95) == (40.0, None, None)
    # Equal scores: variance exactly 0 (a tiny negative from rounding would be clamped).
    same = stats(*[100 / 3] * 7)
    assert same.sd == pytest.approx(0.0, abs=1e-6)
    assert same.ci95 == pytest.approx((100 / 3, 100 / 3), abs=1e-5)


def test_stats_from_sql_sums() -> None:
    # Sums as a database hands them over, a hair above the maximum: accepted, mean kept at 100.
    s = DimensionStats(2, 200.00000001, 20000.000001)
    assert s.mean == 100.0
    with pytest.raises(ValueError, match="0..100"):
        DimensionStats(1, 101.0, 10201.0)
    with pytest.raises(ValueError, match="0..100"):
        DimensionStats.from_scores([50, -1])
    with pytest.raises(ValueError, match="negative"):
        DimensionStats(-1, 0.0, 0.0)


def test_group_dimension_result() -> None:
    result = score([GroupInput("employees", 5, dimensions={"L1.LEAD": stats(50, 75, 100)})])
    dim = result.groups["employees"].dimensions["L1.LEAD"]
    assert (dim.code, dim.level, dim.n) == ("L1.LEAD", 1, 3)
    assert dim.score == pytest.approx(75.0)
    assert dim.sd == pytest.approx(25.0)
    assert dim.ci95 == pytest.approx((75 - 4.302653 * 25 / math.sqrt(3), 100.0), abs=1e-5)
    assert dim.alpha is None
    # Only dimensions with n > 0 are listed.
    result = score([GroupInput("employees", 5, dimensions={"L1.LEAD": stats(), "L1.VALUE": stats(20)})])
    assert list(result.groups["employees"].dimensions) == ["L1.VALUE"]


# Rule 10: Cronbach's alpha.

ALPHA_ROWS = [(100, 75, 100), (50, 50, 75), (25, 50, 25), (0, 25, 0)]


def test_alpha_hand_computed() -> None:
    # Item variances (n - 1): 21875/12, 1250/3, 6250/3, summing to 51875/12.
    # Totals 275, 175, 100, 25 have variance 45625/4.
    # alpha = 3/2 * (1 - (51875/12) / (45625/4)) = 3/2 * 136/219 = 68/73.
    alpha_stats = AlphaStats.from_rows(ALPHA_ROWS)
    assert alpha_stats.n == 4
    assert alpha_stats.item_sums == (175.0, 200.0, 200.0)
    assert alpha_stats.item_sums_sq == (13125.0, 11250.0, 16250.0)
    assert (alpha_stats.total_sum, alpha_stats.total_sum_sq) == (575.0, 116875.0)
    assert alpha_stats.alpha() == pytest.approx(68 / 73)


def test_alpha_undefined() -> None:
    assert AlphaStats.from_rows([(10,), (90,), (40,)]).alpha() is None  # k < 2
    assert AlphaStats.from_rows([(50, 75), (50, 75), (50, 75)]).alpha() is None  # no variance
    assert AlphaStats.from_rows([(50, 75)]).alpha() is None  # n < 2
    assert AlphaStats.from_rows([]).alpha() is None
    with pytest.raises(ValueError, match="same k items"):
        AlphaStats.from_rows([(1, 2), (1, 2, 3)])


def test_alpha_reported_only_from_alpha_min_n() -> None:
    def run(alpha_rows: Sequence[Sequence[float]], settings: ScoringSettings) -> float | None:
        scores = [sum(row) / len(row) for row in ALPHA_ROWS]
        employees = GroupInput(
            "employees",
            5,
            dimensions={"L1.SKILLS": DimensionStats.from_scores(scores)},
            alpha={"L1.SKILLS": AlphaStats.from_rows(alpha_rows)},
        )
        return score([employees], settings).groups["employees"].dimensions["L1.SKILLS"].alpha

    assert run(ALPHA_ROWS, ScoringSettings(alpha_min_n=4)) == pytest.approx(68 / 73)
    assert run(ALPHA_ROWS, ScoringSettings()) is None  # n = 4 < 30
    # Alpha is computable from 3 complete rows, but that is below alpha_min_n.
    assert run(ALPHA_ROWS[:3], ScoringSettings(alpha_min_n=4)) is None
