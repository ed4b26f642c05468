"""The scoring engine (assessment/scoring.py) against PRODUCT.md sections 4 and 5.

Pure Python: no Django, no database. Expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.scoring import (
    DIMENSIONS,
    GROUPS,
    LEVELS,
    MIN_ANONYMITY_THRESHOLD,
    STAKEHOLDER_GROUPS,
    AlphaStats,
    AssessmentResult,
    DimensionStats,
    GapResult,
    GroupInput,
    GroupResult,
    ItemSpec,
    RoadmapStep,
    ScoringSettings,
    SegmentInput,
    SegmentResult,
    SegmentSpread,
    item_score,
    respondent_dimension_scores,
    score_assessment,
    t_quantile_975,
)

LEVEL_CODES = {level: [code for code, of in DIMENSIONS.items() if of == level] for level in LEVELS}
FAST = settings(max_examples=150, deadline=None, database=None)


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
    with pytest.raises(ValueError, match="unknown dimension"):
        ItemSpec("x", "L4.MAGIC")
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
    result = score_assessment([GroupInput("employees", 5, dimensions={"L1.LEAD": stats(50, 75, 100)})])
    dim = result.groups["employees"].dimensions["L1.LEAD"]
    assert (dim.code, dim.level, dim.n) == ("L1.LEAD", 1, 3)
    assert dim.score == pytest.approx(75.0)
    assert dim.sd == pytest.approx(25.0)
    assert dim.ci95 == pytest.approx((75 - 4.302653 * 25 / math.sqrt(3), 100.0), abs=1e-5)
    assert dim.alpha is None
    # Only dimensions with n > 0 are listed.
    result = score_assessment([GroupInput("employees", 5, dimensions={"L1.LEAD": stats(), "L1.VALUE": stats(20)})])
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
        return score_assessment([employees], settings).groups["employees"].dimensions["L1.SKILLS"].alpha

    assert run(ALPHA_ROWS, ScoringSettings(alpha_min_n=4)) == pytest.approx(68 / 73)
    assert run(ALPHA_ROWS, ScoringSettings()) is None  # n = 4 < 30
    # Alpha is computable from 3 complete rows, but that is below alpha_min_n.
    assert run(ALPHA_ROWS[:3], ScoringSettings(alpha_min_n=4)) is None


# Rule 4: suppression.


def test_suppression_at_threshold() -> None:
    below = score_assessment([group("employees", {"L1.LEAD": 80}, responses=4)])
    assert below.groups["employees"] == GroupResult("employees", 4, 5, True, {})
    assert below.stakeholder == {}
    at = score_assessment([group("employees", {"L1.LEAD": 80}, responses=5)])
    assert at.groups["employees"].suppressed is False
    assert at.stakeholder == {"L1.LEAD": 80.0}


def test_threshold_below_three_is_raised_to_three() -> None:
    assert MIN_ANONYMITY_THRESHOLD == 3
    two = score_assessment([group("partners", {"L1.LEAD": 80}, responses=2, anonymity_threshold=1)])
    assert two.groups["partners"] == GroupResult("partners", 2, 3, True, {})
    three = score_assessment([group("partners", {"L1.LEAD": 80}, responses=3, anonymity_threshold=1)])
    assert three.groups["partners"].suppressed is False
    assert three.groups["partners"].anonymity_threshold == 3


def test_management_is_never_suppressed() -> None:
    result = score_assessment([group("management", {"L1.LEAD": 80}, responses=1, anonymity_threshold=10)])
    assert result.groups["management"].suppressed is False
    assert result.groups["management"].dimensions["L1.LEAD"].score == 80.0


# Rule 5: stakeholder scores.


def four_groups(**responses: int) -> list[GroupInput]:
    scores = {"customers": 80.0, "employees": 60.0, "partners": 40.0, "shareholders": 20.0}
    return [group(name, {"L1.LEAD": score}, responses=responses.get(name, 10)) for name, score in scores.items()]


def test_weighted_stakeholder_score() -> None:
    # 0.40 * 80 + 0.30 * 60 + 0.15 * 40 + 0.15 * 20 = 32 + 18 + 6 + 3 = 59.
    assert score_assessment(four_groups()).stakeholder == {"L1.LEAD": pytest.approx(59.0)}


def test_weights_renormalised_when_a_group_is_missing() -> None:
    groups = [g for g in four_groups() if g.group != "partners"]
    # (32 + 18 + 3) / 0.85
    assert score_assessment(groups).stakeholder == {"L1.LEAD": pytest.approx(53 / 0.85)}


def test_weights_renormalised_when_a_group_is_suppressed() -> None:
    result = score_assessment(four_groups(partners=4))
    assert result.stakeholder == {"L1.LEAD": pytest.approx(53 / 0.85)}
    assert result.groups["partners"].suppressed


def test_weights_renormalised_when_a_group_was_not_asked() -> None:
    groups = [
        group("customers", {"L1.LEAD": 80}),
        group("employees", {"L1.LEAD": 60, "L1.INVEST": 60}),
        group("partners", {"L1.LEAD": 40, "L1.INVEST": 40}),
        group("shareholders", {"L1.LEAD": 20, "L1.INVEST": 20}),
    ]
    # L1.INVEST without customers: (0.30 * 60 + 0.15 * 40 + 0.15 * 20) / 0.60 = 27 / 0.6 = 45.
    assert score_assessment(groups).stakeholder == {"L1.LEAD": pytest.approx(59.0), "L1.INVEST": pytest.approx(45.0)}


def test_custom_weights_and_zero_weight() -> None:
    settings = ScoringSettings(weights={"customers": 1.0, "employees": 1.0})
    result = score_assessment(four_groups(), settings)
    assert result.stakeholder == {"L1.LEAD": pytest.approx(70.0)}  # (80 + 60) / 2
    # A group weighted 0 cannot carry a dimension alone.
    assert score_assessment([group("partners", {"L1.LEAD": 40})], settings).stakeholder == {}


def test_level_score_is_mean_of_scored_dimensions() -> None:
    result = score_assessment([group("employees", {"L1.LEAD": 90, "L1.VALUE": 60, "L2.TRAINING": 40})])
    level1, level2, level3 = result.levels
    assert level1.score == pytest.approx(75.0)
    assert level1.dimensions == ("L1.LEAD", "L1.VALUE")
    assert level2.score == pytest.approx(40.0)
    assert level2.dimensions == ("L2.TRAINING",)
    assert (level3.score, level3.dimensions, level3.attained) == (None, (), False)


# Rule 7 and section 5: levels, maturity and the roadmap.


def test_level_two_high_but_level_one_short() -> None:
    scores = {
        # Level 1: 465 / 7 = 66.4 < 70.
        "L1.LEAD": 60,
        "L1.INVEST": 65,
        "L1.VISIBLE": 80,
        "L1.SKILLS": 55,
        "L1.INTERNAL": 75,
        "L1.AWARE": 70,
        "L1.VALUE": 60,
        # Level 2: 83.75, every dimension above 50, but level 1 is not attained.
        "L2.TRAINING": 90,
        "L2.LEARNING": 95,
        "L2.PROFESSION": 85,
        "L2.SEGMENTS": 65,
        **dict.fromkeys(LEVEL_CODES[3], 30.0),
    }
    result = score_assessment([group("employees", scores)])
    assert [level.score for level in result.levels] == pytest.approx([465 / 7, 83.75, 30.0])
    assert [level.attained for level in result.levels] == [False, False, False]
    assert result.maturity_level == 0
    # Stage 1 = level 1 below 70 (L1.AWARE at exactly 70 is not), by priority 70 - score, ties by
    # code (L1.LEAD before L1.VALUE); stage 2 = level 2 only; level 3 never.
    assert steps(result) == [(1, "L1.SKILLS"), (1, "L1.LEAD"), (1, "L1.VALUE"), (1, "L1.INVEST"), (2, "L2.SEGMENTS")]
    assert [step.priority for step in result.roadmap] == pytest.approx([15, 10, 10, 5, 5])
    assert result.roadmap[0] == RoadmapStep(1, 1, "L1.SKILLS", 55.0, None, 15.0)


def test_all_levels_attained_stage_one_covers_all_levels() -> None:
    result = score_assessment([group("employees", all_dimensions(80, L1_VALUE=60, L3_SPEED=65, L2_LEARNING=69))])
    assert result.maturity_level == 3
    assert all(level.attained for level in result.levels)
    assert steps(result) == [(1, "L1.VALUE"), (1, "L2.LEARNING"), (1, "L3.SPEED")]


def test_first_unattained_level_two() -> None:
    result = score_assessment([group("employees", all_dimensions(80, L1_VALUE=60, L2_TRAINING=20, L3_SPEED=10))])
    assert result.maturity_level == 1
    # Stage 1: levels 1 and 2, lower level first; stage 2: level 3.
    assert steps(result) == [(1, "L1.VALUE"), (1, "L2.TRAINING"), (2, "L3.SPEED")]


def test_level_threshold_is_inclusive() -> None:
    assert score_assessment([group("employees", all_dimensions(70))]).maturity_level == 3
    assert score_assessment([group("employees", all_dimensions(70, L2_TRAINING=69.99))]).maturity_level == 1


def test_dimension_floor() -> None:
    # Level 1: (6 * 80 + 49) / 7 = 75.6 >= 70, but L1.VALUE = 49 < 50.
    result = score_assessment([group("employees", all_dimensions(80, L1_VALUE=49))])
    assert result.levels[0].score == pytest.approx(529 / 7)
    assert not result.levels[0].attained
    assert result.maturity_level == 0
    assert steps(result) == [(1, "L1.VALUE")]  # levels 2 and 3 have nothing below 70
    # At exactly 50 the floor holds.
    assert score_assessment([group("employees", all_dimensions(80, L1_VALUE=50))]).maturity_level == 3


def test_unscored_dimensions_are_no_evidence() -> None:
    # Only two level-1 dimensions scored: the level is judged on them.
    result = score_assessment([group("employees", {"L1.LEAD": 80, "L1.SKILLS": 70})])
    assert result.levels[0].attained
    assert result.levels[0].dimensions == ("L1.LEAD", "L1.SKILLS")
    # Level 2 has no score at all: not attained, so it is the first open level.
    assert result.maturity_level == 1
    assert result.roadmap == ()


def test_nothing_at_all() -> None:
    result = score_assessment([])
    assert result.maturity_level == 0
    assert result.self_assessed_only is False
    assert [(level.score, level.attained, level.dimensions) for level in result.levels] == [(None, False, ())] * 3
    assert (result.groups, result.stakeholder, result.gaps, result.roadmap) == ({}, {}, {}, ())


# Rule 6: self-assessed only.


def test_self_assessed_only() -> None:
    management = group("management", all_dimensions(90, L1_VALUE=60), responses=1)
    result = score_assessment([management])
    assert result.self_assessed_only is True
    assert result.stakeholder == all_dimensions(90, L1_VALUE=60)
    assert list(result.stakeholder) == list(DIMENSIONS)
    assert result.gaps == {}
    assert result.maturity_level == 3
    assert steps(result) == [(1, "L1.VALUE")]
    assert result.roadmap[0].gap is None


def test_self_assessed_only_when_every_stakeholder_group_is_suppressed() -> None:
    result = score_assessment(
        [group("management", {"L1.LEAD": 90}, responses=1), group("customers", {"L1.LEAD": 20}, responses=4)]
    )
    assert result.self_assessed_only is True
    assert result.stakeholder == {"L1.LEAD": 90.0}
    assert result.gaps == {}


def test_stakeholder_data_means_not_self_assessed() -> None:
    result = score_assessment(
        [group("management", {"L1.LEAD": 90, "L1.VALUE": 90}, responses=1), group("employees", {"L1.LEAD": 60})]
    )
    assert result.self_assessed_only is False
    assert result.stakeholder == {"L1.LEAD": 60.0}
    assert list(result.gaps) == ["L1.LEAD"]


# Rule 8: perception gaps.


def test_gap_boundaries() -> None:
    management = {
        "L1.LEAD": 85,  # +15
        "L1.INVEST": 70.1,  # 70.1 - 55.1 = 14.999999999999993 in floating point: still +15
        "L1.VISIBLE": 84.9,  # +14.9
        "L1.SKILLS": 55,  # -15
        "L1.INTERNAL": 25.3,  # 25.3 - 40.3 = -14.999999999999996: still -15
        "L1.AWARE": 55.1,  # -14.9
    }
    stakeholder = {
        "L1.LEAD": 70,
        "L1.INVEST": 55.1,
        "L1.VISIBLE": 70,
        "L1.SKILLS": 70,
        "L1.INTERNAL": 40.3,
        "L1.AWARE": 70,
    }
    result = score_assessment([group("management", management, responses=1), group("employees", stakeholder)])
    assert {code: gap.kind for code, gap in result.gaps.items()} == {
        "L1.LEAD": "blind_spot",
        "L1.INVEST": "blind_spot",
        "L1.VISIBLE": None,
        "L1.SKILLS": "hidden_strength",
        "L1.INTERNAL": "hidden_strength",
        "L1.AWARE": None,
    }
    assert result.gaps["L1.LEAD"] == GapResult("L1.LEAD", 85.0, 70.0, 15.0, "blind_spot")
    assert result.gaps["L1.VISIBLE"].gap == pytest.approx(14.9)
    assert result.gaps["L1.AWARE"].gap == pytest.approx(-14.9)


def test_priority_with_positive_and_negative_gap() -> None:
    employees = group("employees", all_dimensions(80, L1_LEAD=60, L1_SKILLS=55))
    management = group("management", {"L1.LEAD": 80, "L1.SKILLS": 35}, responses=1)
    result = score_assessment([employees, management])
    # L1.LEAD: (70 - 60) + 20 / 2 = 20. L1.SKILLS: (70 - 55) + max(0, -20) / 2 = 15.
    assert result.roadmap == (
        RoadmapStep(1, 1, "L1.LEAD", 60.0, pytest.approx(20.0), pytest.approx(20.0)),  # type: ignore[arg-type]
        RoadmapStep(1, 1, "L1.SKILLS", 55.0, pytest.approx(-20.0), pytest.approx(15.0)),  # type: ignore[arg-type]
    )


def test_roadmap_ties_broken_by_code() -> None:
    scores = all_dimensions(80, L1_VALUE=60, L1_AWARE=60, L1_INTERNAL=60, L1_LEAD=50)
    result = score_assessment([group("employees", scores)])
    assert steps(result) == [(1, "L1.LEAD"), (1, "L1.AWARE"), (1, "L1.INTERNAL"), (1, "L1.VALUE")]


# Rule 9: segments.


def segment(responses: int, **scores: float) -> SegmentInput:
    dimensions = {code.replace("_", "."): stats(*[score][:responses]) for code, score in scores.items()}
    return SegmentInput(responses, dimensions)


def segment_run(responses: int, values: Mapping[str, SegmentInput], threshold: int = 5) -> AssessmentResult:
    customers = GroupInput("customers", responses, anonymity_threshold=threshold, segments={"type": values})
    return score_assessment([customers])


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
        SegmentResult("type", "individual", 12, True, {}),
        SegmentResult("type", "organisation", 14, False, {"L1.LEAD": 60.0}),
        SegmentResult("type", "government", 4, True, {}),
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
    # 64.1 - 44.1 is 19.999999999999993 in floating point: still 20.
    assert result.spreads == (
        SegmentSpread("type", "L3.SPEED", pytest.approx(20.0), "35-54", "18-34", True),  # type: ignore[arg-type]
        SegmentSpread("type", "L3.DELIGHT", pytest.approx(19.9), "35-54", "18-34", False),  # type: ignore[arg-type]
    )  # L1.LEAD has a single segment: no spread.


def test_spread_leaves_out_suppressed_segments() -> None:
    values = {"a": segment(10, L3_SPEED=90.0), "b": segment(10, L3_SPEED=60.0), "c": segment(2, L3_SPEED=0.0)}
    # c suppressed; a (10) joins it by complementary suppression, so fewer than two remain.
    result = segment_run(22, values)
    assert suppressed(result) == {"a": True, "b": False, "c": True}
    assert result.spreads == ()


# Validation.


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="unknown group"):
        GroupInput("suppliers", 5)
    with pytest.raises(ValueError, match="unknown dimension"):
        GroupInput("customers", 5, dimensions={"L9.X": stats(50)})
    with pytest.raises(ValueError, match="unknown dimension"):
        GroupInput("customers", 5, alpha={"L9.X": AlphaStats.from_rows([])})
    with pytest.raises(ValueError, match="unknown dimension"):
        SegmentInput(5, {"L9.X": stats(50)})
    with pytest.raises(ValueError, match="negative"):
        GroupInput("customers", -1)
    with pytest.raises(ValueError, match="negative"):
        SegmentInput(-1, {})
    with pytest.raises(ValueError, match="only 2 responses"):
        GroupInput("customers", 2, dimensions={"L1.LEAD": stats(1, 2, 3)})
    with pytest.raises(ValueError, match="more than 10 responses"):
        GroupInput("customers", 10, segments={"age": {"young": SegmentInput(6, {}), "old": SegmentInput(5, {})}})
    with pytest.raises(ValueError, match="given twice"):
        score_assessment([GroupInput("customers", 5), GroupInput("customers", 6)])
    shared_question = {"age": {"young": SegmentInput(5, {})}}
    with pytest.raises(ValueError, match="segment question 'age'"):
        score_assessment(
            [GroupInput("customers", 5, segments=shared_question), GroupInput("employees", 5, segments=shared_question)]
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level_threshold": 101}, "level_threshold"),
        ({"dimension_floor": -1}, "dimension_floor"),
        ({"dimension_floor": 80}, "must not exceed"),
        ({"blind_spot_gap": 0}, "blind_spot_gap"),
        ({"segment_spread": math.nan}, "segment_spread"),
        ({"alpha_min_n": 1}, "alpha_min_n"),
        ({"min_answered_share": 1.5}, "min_answered_share"),
        ({"weights": {"management": 1.0}}, "unknown group"),
        ({"weights": {"customers": -0.1, "employees": 1}}, "non-negative"),
        ({"weights": {"customers": math.inf}}, "non-negative"),
        ({"weights": {"customers": 0.0}}, "positive weight"),
    ],
)
def test_settings_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ScoringSettings(**kwargs)  # type: ignore[arg-type]


def test_settings_weights_are_complete_and_read_only() -> None:
    given_weights = {"customers": 2}
    custom = ScoringSettings(weights=given_weights)
    given_weights["customers"] = 5
    assert dict(custom.weights) == {"customers": 2.0, "partners": 0.0, "employees": 0.0, "shareholders": 0.0}
    assert isinstance(custom.weights, MappingProxyType)
    assert ScoringSettings() == ScoringSettings(
        weights={"customers": 0.4, "employees": 0.3, "partners": 0.15, "shareholders": 0.15}
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        custom.level_threshold = 1  # type: ignore[misc]


def test_result_lists_groups_in_groups_order() -> None:
    result = score_assessment(
        [group("management", {}, responses=1), group("partners", {}, responses=1), group("customers", {})]
    )
    assert list(result.groups) == ["customers", "partners", "management"]
    assert result.settings == ScoringSettings()


# Properties.

score_values = st.floats(0, 100, allow_nan=False)


@st.composite
def scoring_settings(draw: st.DrawFn) -> ScoringSettings:
    if draw(st.booleans()):
        return ScoringSettings()
    threshold = draw(st.floats(0, 100))
    weights = draw(
        st.fixed_dictionaries({name: st.floats(0, 1) for name in STAKEHOLDER_GROUPS}).filter(
            lambda w: sum(w.values()) > 0
        )
    )
    return ScoringSettings(
        level_threshold=threshold,
        dimension_floor=draw(st.floats(0, threshold)),
        weights=weights,
        blind_spot_gap=draw(st.floats(0.1, 100)),
        segment_spread=draw(st.floats(0, 100)),
        alpha_min_n=draw(st.integers(2, 5)),
    )


@st.composite
def dimension_map(draw: st.DrawFn, responses: int, codes: int = 6) -> dict[str, DimensionStats]:
    chosen = draw(st.lists(st.sampled_from(list(DIMENSIONS)), unique=True, max_size=codes))
    return {
        code: DimensionStats.from_scores(draw(st.lists(score_values, max_size=min(responses, 6)))) for code in chosen
    }


@st.composite
def group_inputs(draw: st.DrawFn, name: str, questions: Sequence[str], suppressed: bool = False) -> GroupInput:
    threshold = draw(st.integers(0, 7))
    limit = max(3, threshold) - 1 if suppressed else 12
    responses = draw(st.integers(0, limit))
    dimensions = draw(dimension_map(responses))
    alpha: dict[str, AlphaStats] = {}
    for code in draw(st.lists(st.sampled_from(list(dimensions) or ["L1.LEAD"]), unique=True, max_size=2)):
        k = draw(st.integers(1, 3))
        rows = draw(st.lists(st.lists(score_values, min_size=k, max_size=k), max_size=responses))
        alpha[code] = AlphaStats.from_rows(rows)
    segments: dict[str, dict[str, SegmentInput]] = {}
    for question in questions:
        left = responses
        values: dict[str, SegmentInput] = {}
        for value in draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4)):
            count = draw(st.integers(0, left))
            left -= count
            values[value] = SegmentInput(count, draw(dimension_map(count, codes=3)))
        segments[question] = values
    return GroupInput(name, responses, threshold, dimensions, alpha, segments)


@st.composite
def assessments(draw: st.DrawFn, names: Sequence[str] = GROUPS) -> list[GroupInput]:
    chosen = draw(st.lists(st.sampled_from(names), unique=True))
    return [
        draw(group_inputs(name, draw(st.lists(st.sampled_from([f"{name}:age", f"{name}:type"]), unique=True))))
        for name in chosen
    ]


def all_scores(result: AssessmentResult) -> list[float]:
    scores: list[float] = []
    for group_result in result.groups.values():
        for dim in group_result.dimensions.values():
            assert dim.score is not None
            scores.append(dim.score)
            scores.extend(dim.ci95 or ())
    scores.extend(result.stakeholder.values())
    scores.extend(level.score for level in result.levels if level.score is not None)
    for gap in result.gaps.values():
        scores.extend((gap.management, gap.stakeholder))
    for row in result.segments:
        scores.extend(row.dimensions.values())
    scores.extend(spread.spread for spread in result.spreads)
    scores.extend(step.score for step in result.roadmap)
    return scores


@FAST
@given(assessments(), scoring_settings())
def test_every_score_is_within_0_and_100(groups: list[GroupInput], settings: ScoringSettings) -> None:
    result = score_assessment(groups, settings)
    assert all(0.0 <= score <= 100.0 for score in all_scores(result))
    assert all(-100.0 <= gap.gap <= 100.0 for gap in result.gaps.values())


@FAST
@given(st.data(), scoring_settings())
def test_a_suppressed_group_changes_nothing_else(data: st.DataObject, settings: ScoringSettings) -> None:
    name = data.draw(st.sampled_from(STAKEHOLDER_GROUPS))
    base = data.draw(assessments([other for other in GROUPS if other != name]))
    # Its segment questions may even clash with another group's: it is not read at all.
    questions = data.draw(st.lists(st.sampled_from([f"{other}:age" for other in GROUPS]), unique=True))
    hidden = data.draw(group_inputs(name, questions, suppressed=True))
    position = data.draw(st.integers(0, len(base)))

    without = score_assessment(base, settings)
    with_hidden = score_assessment([*base[:position], hidden, *base[position:]], settings)
    assert with_hidden.groups[name] == GroupResult(name, hidden.responses, max(3, hidden.anonymity_threshold), True, {})
    assert {key: value for key, value in with_hidden.groups.items() if key != name} == without.groups
    assert dataclasses.replace(with_hidden, groups=without.groups) == without


@FAST
@given(st.lists(score_values, max_size=40).flatmap(lambda xs: st.tuples(st.just(xs), st.permutations(xs))))
def test_respondent_order_does_not_matter(scores: tuple[list[float], list[float]]) -> None:
    original, shuffled = (DimensionStats.from_scores(xs) for xs in scores)
    assert shuffled.mean == pytest.approx(original.mean)
    assert shuffled.sd == pytest.approx(original.sd)
    assert shuffled.ci95 == pytest.approx(original.ci95)


@FAST
@given(
    st.lists(st.lists(score_values, min_size=3, max_size=3), max_size=20).flatmap(
        lambda rows: st.tuples(st.just(rows), st.permutations(rows))
    )
)
def test_respondent_order_does_not_matter_for_alpha(rows: tuple[list[list[float]], list[list[float]]]) -> None:
    original, shuffled = (AlphaStats.from_rows(r).alpha() for r in rows)
    assert shuffled == pytest.approx(original)


ITEMS = [
    ItemSpec("q1", "L3.SPEED"),
    ItemSpec("q2", "L3.SPEED", reverse=True),
    ItemSpec("q3", "L3.SPEED"),
    ItemSpec("q4", "L1.LEAD"),
]
answer_values = st.one_of(st.none(), st.integers(1, 5))
respondent_answers = st.fixed_dictionaries({item.code: answer_values for item in ITEMS})


def raised(data: st.DataObject, answers: list[dict[str, int | None]]) -> list[dict[str, int | None]] | None:
    """One answer changed to a value with a higher item score (a lower value on the reverse item)."""
    options = [
        (index, item, value)
        for index, respondent in enumerate(answers)
        for item in ITEMS
        if (old := respondent[item.code]) is not None
        for value in range(1, 6)
        if (item_score(value, item.reverse) or 0) > (item_score(old, item.reverse) or 0)
    ]
    if not options:
        return None
    index, item, value = data.draw(st.sampled_from(options))
    changed = [dict(respondent) for respondent in answers]
    changed[index][item.code] = value
    return changed


@FAST
@given(st.data(), st.lists(respondent_answers, min_size=1, max_size=3))
def test_raising_an_answer_never_lowers_the_respondent_score(
    data: st.DataObject, answers: list[dict[str, int | None]]
) -> None:
    changed = raised(data, answers)
    for before, after in zip(answers, changed or [], strict=False):
        old, new = respondent_dimension_scores(ITEMS, before), respondent_dimension_scores(ITEMS, after)
        assert old.keys() == new.keys()
        assert all(new[code] >= old[code] for code in old)


@FAST
@given(
    st.data(), st.lists(respondent_answers, min_size=5, max_size=12), dimension_map(10, codes=16), scoring_settings()
)
def test_raising_an_answer_never_lowers_the_stakeholder_score(
    data: st.DataObject,
    answers: list[dict[str, int | None]],
    employees: dict[str, DimensionStats],
    settings: ScoringSettings,
) -> None:
    changed = raised(data, answers)
    if changed is None:
        return

    def stakeholder(customers_answers: list[dict[str, int | None]]) -> dict[str, float]:
        per_respondent = [respondent_dimension_scores(ITEMS, a) for a in customers_answers]
        dims = {
            code: DimensionStats.from_scores(s[code] for s in per_respondent if code in s)
            for code in ("L3.SPEED", "L1.LEAD")
        }
        customers = GroupInput("customers", len(customers_answers), dimensions=dims)
        return score_assessment([customers, GroupInput("employees", 10, dimensions=employees)], settings).stakeholder

    before, after = stakeholder(answers), stakeholder(changed)
    assert before.keys() == after.keys()
    assert all(after[code] >= before[code] for code in before)


@FAST
@given(assessments(), scoring_settings())
def test_attained_levels_form_a_prefix_and_roadmap_never_jumps(
    groups: list[GroupInput], settings: ScoringSettings
) -> None:
    result = score_assessment(groups, settings)
    attained = [level.attained for level in result.levels]
    assert attained == [True] * result.maturity_level + [False] * (3 - result.maturity_level)
    first_open = result.maturity_level + 1 if result.maturity_level < 3 else None
    for step in result.roadmap:
        assert round(step.score, 6) < settings.level_threshold
        if first_open is None:
            assert step.stage == 1
        else:
            assert step.level <= first_open + 1
            assert step.stage == (1 if step.level <= first_open else 2)
    keys = [(step.stage, step.level, -round(step.priority, 6), step.dimension) for step in result.roadmap]
    assert keys == sorted(keys)
