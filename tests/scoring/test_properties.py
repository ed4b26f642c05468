"""Properties of the scoring rules that hold for any input (hypothesis)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.scoring import (
    GROUPS,
    LEVELS,
    STAKEHOLDER_GROUPS,
    AlphaStats,
    AssessmentResult,
    DimensionStats,
    GroupInput,
    GroupResult,
    ItemSpec,
    RoadmapStep,
    ScoringSettings,
    SegmentInput,
    item_score,
    respondent_dimension_scores,
)

from .framework import DIMENSIONS
from .helpers import LEVEL_CODES, score

FAST = settings(max_examples=150, deadline=None, database=None)


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
        for interval in row.ci95.values():
            scores.extend(interval or ())
    scores.extend(spread.spread for spread in result.spreads)
    scores.extend(step.score for step in result.roadmap if step.score is not None)
    return scores


@FAST
@given(assessments(), scoring_settings())
def test_every_score_is_within_0_and_100(groups: list[GroupInput], settings: ScoringSettings) -> None:
    result = score(groups, settings)
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

    without = score(base, settings)
    with_hidden = score([*base[:position], hidden, *base[position:]], settings)
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
        return score([customers, GroupInput("employees", 10, dimensions=employees)], settings).stakeholder

    before, after = stakeholder(answers), stakeholder(changed)
    assert before.keys() == after.keys()
    assert all(after[code] >= before[code] for code in before)


@st.composite
def measured_assessments(draw: st.DrawFn) -> list[GroupInput]:
    """Employees score (nearly) every dimension, mostly high, so that levels are attained at times."""
    left_out = draw(st.lists(st.sampled_from(list(DIMENSIONS)), unique=True, max_size=2))
    dimensions = {
        code: DimensionStats.from_scores(draw(st.lists(st.floats(40, 100), min_size=1, max_size=3)))
        for code in DIMENSIONS
        if code not in left_out
    }
    groups = [GroupInput("employees", 10, dimensions=dimensions)]
    if draw(st.booleans()):
        groups.append(GroupInput("management", 1, dimensions=draw(dimension_map(1, codes=16))))
    return groups


@st.composite
def segmented_assessments(draw: st.DrawFn) -> list[GroupInput]:
    """Customers in published income bands of 5 on L3.SPEED, beside employees scoring (nearly) everything."""
    values: dict[str, SegmentInput] = {}
    everyone: list[float] = []
    for value in draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, min_size=2, max_size=4)):
        # Scores close together around a band's centre, so that some bands' intervals are separated.
        centre = draw(score_values)
        scores = draw(st.lists(st.floats(max(0.0, centre - 5), min(100.0, centre + 5)), min_size=1, max_size=5))
        everyone.extend(scores)
        values[value] = SegmentInput(5, {"L3.SPEED": DimensionStats.from_scores(scores)})
    dimensions = {"L3.SPEED": DimensionStats.from_scores(everyone)}
    customers = GroupInput("customers", 5 * len(values), dimensions=dimensions, segments={"income": values})
    return [customers, *draw(measured_assessments())]


def roadmap_order(step: RoadmapStep) -> tuple[int, int, float, int, str]:
    """Section 5: measure steps first by level and code, then improve steps by priority, level, code."""
    if step.kind == "measure":
        return (step.stage, 0, 0.0, step.level, step.dimension)
    assert step.priority is not None
    return (step.stage, 1, -round(step.priority, 6), step.level, step.dimension)


@FAST
@given(st.one_of(assessments(), measured_assessments()), scoring_settings())
def test_attained_levels_form_a_prefix_and_roadmap_never_jumps(
    groups: list[GroupInput], settings: ScoringSettings
) -> None:
    result = score(groups, settings)
    attained = [level.attained for level in result.levels]
    assert attained == [True] * result.maturity_level + [False] * (3 - result.maturity_level)
    for level in result.levels:
        codes = LEVEL_CODES[level.level]
        assert level.dimensions == tuple(code for code in codes if code in result.stakeholder)
        assert level.not_measured == tuple(code for code in codes if code not in result.stakeholder)
        assert not (level.attained and level.not_measured)
    assert list(result.not_measured) == [code for level in result.levels for code in level.not_measured]

    # Stage 1 up to the first unattained level (all when none is), stage 2 the next, nothing above.
    first_open = result.maturity_level + 1 if result.maturity_level < 3 else None
    stage_of = {level: 1 for level in LEVELS if first_open is None or level <= first_open}
    if first_open is not None and first_open < 3:
        stage_of[first_open + 1] = 2
    expected = {
        (stage_of[level.level], code)
        for level in result.levels
        if level.level in stage_of
        for code in level.dimensions + level.not_measured
        if code in level.not_measured or round(result.stakeholder[code], 6) < settings.level_threshold
    }
    assert sorted((step.stage, step.dimension) for step in result.roadmap) == sorted(expected)
    for step in result.roadmap:
        assert step.stage == stage_of[step.level]
        if step.kind == "measure":
            assert step.dimension in result.not_measured
            assert (step.score, step.gap, step.priority) == (None, None, None)
        else:
            assert step.score == result.stakeholder[step.dimension]
    keys = [roadmap_order(step) for step in result.roadmap]
    assert keys == sorted(keys)


@FAST
@given(st.one_of(assessments(), segmented_assessments()), scoring_settings())
def test_departmentalisation_needs_separated_segments(groups: list[GroupInput], settings: ScoringSettings) -> None:
    result = score(groups, settings)
    rows = {(row.question, row.value): row for row in result.segments}
    for row in result.segments:
        assert row.dimensions.keys() == row.n.keys() == row.ci95.keys()
        assert all(row.ci95[code] is None for code, n in row.n.items() if n < 2)
    for spread in result.spreads:
        low, high = rows[spread.question, spread.lowest], rows[spread.question, spread.highest]
        assert (spread.lowest_ci95, spread.highest_ci95) == (low.ci95[spread.dimension], high.ci95[spread.dimension])
        if spread.separated:
            assert spread.lowest_ci95 is not None and spread.highest_ci95 is not None
            assert spread.lowest_ci95[1] < spread.highest_ci95[0]
        assert spread.departmentalise == (spread.separated and round(spread.spread, 6) >= settings.segment_spread)
    advised = any(spread.departmentalise for spread in result.spreads)
    assert result.departmentalisation == (None if not advised else "now" if result.maturity_level >= 2 else "later")
