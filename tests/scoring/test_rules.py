"""The scoring rules (assessment/scoring/) against PRODUCT.md section 4: rules 4, 5, 6 and 8, and validation.

Pure Python: no Django, no database. Expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import dataclasses
import math
from types import MappingProxyType

import pytest

from assessment.scoring import (
    MIN_ANONYMITY_THRESHOLD,
    AlphaStats,
    GapResult,
    GroupInput,
    GroupResult,
    ScoringSettings,
    SegmentInput,
)

from .framework import DIMENSIONS
from .helpers import all_dimensions, group, score, stats, steps

# Rule 4: suppression.


def test_suppression_at_threshold() -> None:
    below = score([group("employees", {"L1.LEAD": 80}, responses=4)])
    assert below.groups["employees"] == GroupResult("employees", 4, 5, True, {})
    assert below.stakeholder == {}
    at = score([group("employees", {"L1.LEAD": 80}, responses=5)])
    assert at.groups["employees"].suppressed is False
    assert at.stakeholder == {"L1.LEAD": 80.0}


def test_threshold_below_three_is_raised_to_three() -> None:
    assert MIN_ANONYMITY_THRESHOLD == 3
    two = score([group("partners", {"L1.LEAD": 80}, responses=2, anonymity_threshold=1)])
    assert two.groups["partners"] == GroupResult("partners", 2, 3, True, {})
    three = score([group("partners", {"L1.LEAD": 80}, responses=3, anonymity_threshold=1)])
    assert three.groups["partners"].suppressed is False
    assert three.groups["partners"].anonymity_threshold == 3


def test_management_is_never_suppressed() -> None:
    result = score([group("management", {"L1.LEAD": 80}, responses=1, anonymity_threshold=10)])
    assert result.groups["management"].suppressed is False
    assert result.groups["management"].dimensions["L1.LEAD"].score == 80.0


# Rule 5: stakeholder scores.


def four_groups(**responses: int) -> list[GroupInput]:
    scores = {"customers": 80.0, "employees": 60.0, "partners": 40.0, "shareholders": 20.0}
    return [group(name, {"L1.LEAD": score}, responses=responses.get(name, 10)) for name, score in scores.items()]


def test_weighted_stakeholder_score() -> None:
    # 0.40 * 80 + 0.30 * 60 + 0.15 * 40 + 0.15 * 20 = 32 + 18 + 6 + 3 = 59.
    assert score(four_groups()).stakeholder == {"L1.LEAD": pytest.approx(59.0)}


def test_weights_renormalised_when_a_group_is_missing() -> None:
    groups = [g for g in four_groups() if g.group != "partners"]
    # (32 + 18 + 3) / 0.85
    assert score(groups).stakeholder == {"L1.LEAD": pytest.approx(53 / 0.85)}


def test_weights_renormalised_when_a_group_is_suppressed() -> None:
    result = score(four_groups(partners=4))
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
    assert score(groups).stakeholder == {"L1.LEAD": pytest.approx(59.0), "L1.INVEST": pytest.approx(45.0)}


def test_custom_weights_and_zero_weight() -> None:
    settings = ScoringSettings(weights={"customers": 1.0, "employees": 1.0})
    result = score(four_groups(), settings)
    assert result.stakeholder == {"L1.LEAD": pytest.approx(70.0)}  # (80 + 60) / 2
    # A group weighted 0 cannot carry a dimension alone.
    assert score([group("partners", {"L1.LEAD": 40})], settings).stakeholder == {}


# Rule 6: self-assessed only.


def test_self_assessed_only() -> None:
    management = group("management", all_dimensions(90, L1_VALUE=60), responses=1)
    result = score([management])
    assert result.self_assessed_only is True
    assert result.stakeholder == all_dimensions(90, L1_VALUE=60)
    assert list(result.stakeholder) == list(DIMENSIONS)
    assert result.gaps == {}
    assert result.maturity_level == 3
    assert steps(result) == [(1, "L1.VALUE")]
    assert result.roadmap[0].gap is None


def test_self_assessed_only_when_every_stakeholder_group_is_suppressed() -> None:
    result = score(
        [group("management", {"L1.LEAD": 90}, responses=1), group("customers", {"L1.LEAD": 20}, responses=4)]
    )
    assert result.self_assessed_only is True
    assert result.stakeholder == {"L1.LEAD": 90.0}
    assert result.gaps == {}


def test_stakeholder_data_means_not_self_assessed() -> None:
    result = score(
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
    result = score([group("management", management, responses=1), group("employees", stakeholder)])
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


def test_gaps_only_where_management_and_stakeholders_both_score() -> None:
    management = group("management", {"L1.LEAD": 90, "L1.VALUE": 40}, responses=1)
    employees = group("employees", {"L1.LEAD": 60, "L1.SKILLS": 70})
    result = score([management, employees])
    # L1.LEAD: 90 - 60 = +30, a blind spot. L1.VALUE (management only) and L1.SKILLS (stakeholders
    # only) have no gap.
    assert result.gaps == {"L1.LEAD": GapResult("L1.LEAD", 90.0, 60.0, 30.0, "blind_spot")}
    # Management's 40 does not stand in while stakeholders have data: L1.VALUE is still to be measured.
    assert "L1.VALUE" in result.levels[0].not_measured
    assert ("L1.VALUE", "measure") in [(step.dimension, step.kind) for step in result.roadmap]


# Validation.


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="unknown group"):
        GroupInput("suppliers", 5)
    with pytest.raises(ValueError, match="unknown dimension"):
        score([GroupInput("customers", 5, dimensions={"L9.X": stats(50)})])
    with pytest.raises(ValueError, match="unknown dimension"):
        score([GroupInput("customers", 5, alpha={"L9.X": AlphaStats.from_rows([])})])
    with pytest.raises(ValueError, match="unknown dimension"):
        score([GroupInput("customers", 5, segments={"age": {"old": SegmentInput(5, {"L9.X": stats(50)})}})])
    with pytest.raises(ValueError, match="negative"):
        GroupInput("customers", -1)
    with pytest.raises(ValueError, match="negative"):
        SegmentInput(-1, {})
    with pytest.raises(ValueError, match="only 2 responses"):
        GroupInput("customers", 2, dimensions={"L1.LEAD": stats(1, 2, 3)})
    with pytest.raises(ValueError, match="more than 10 responses"):
        GroupInput("customers", 10, segments={"age": {"young": SegmentInput(6, {}), "old": SegmentInput(5, {})}})
    with pytest.raises(ValueError, match="given twice"):
        score([GroupInput("customers", 5), GroupInput("customers", 6)])
    shared_question = {"age": {"young": SegmentInput(5, {})}}
    with pytest.raises(ValueError, match="segment question 'age'"):
        score(
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
    result = score([group("management", {}, responses=1), group("partners", {}, responses=1), group("customers", {})])
    assert list(result.groups) == ["customers", "partners", "management"]
    assert result.settings == ScoringSettings()
