"""Figures rounded once (issue 9): every difference the report shows equals the difference of the two
numbers shown beside it, in the trend's sentence and table, the re-measured actions, the gaps' chart,
table and summary, and the roadmap; and the charts' data carry the shown figures, never more precise ones
(issue 11, attack 2, read unrounded chart data)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from assessment import scoring
from assessment.results import report as report_module
from assessment.results import views
from assessment.results.charts import charts
from assessment.results.rows import CarriedAction, Score, shown, signed

from .test_report_claims import full, manager_report, surveyed  # noqa: F401
from .test_report_helpers import figure, page, section, visible_text

pytestmark = pytest.mark.django_db

# Stakeholder scores before and now, chosen so that rounding the difference (7.8, 3.8, 1.9, 0.2) gives
# another number than the difference of the rounded scores (60 -> 67: +7; 52 -> 55: +3; 71 -> 72: +1; 44 -> 45).
BEFORE = {"L1.LEAD": 59.6, "L1.INVEST": 51.6, "L1.VISIBLE": 70.5, "L1.SKILLS": 44.4}
NOW = {"L1.LEAD": 67.4, "L1.INVEST": 55.4, "L1.VISIBLE": 72.4, "L1.SKILLS": 44.6}
# Management's own scores now: 82.4 against 67.4 reads 82 - 67 = +15 (14.99... would round to +15 too), 80.5
# against 55.4 reads 81 - 55 = +26 where the raw gap 25.1 rounds to +25.
MANAGEMENT = {"L1.LEAD": 82.4, "L1.INVEST": 80.5, "L1.VISIBLE": 72.6, "L1.SKILLS": 30.4}
NUMBER = r"[+-]?\d+"


def first_number(cell: str) -> int:
    match = re.match(r"\s*([+-]?\d+)", cell)
    assert match, cell
    return int(match.group(1))


def change(cell: str) -> int:
    return 0 if cell == "0" else int(cell)


@pytest.fixture
def awkward(full):  # noqa: F811
    """The full report with scores that round awkwardly, the earlier action re-measured on L1.LEAD."""
    data = manager_report(full)
    assert data.previous_result is not None and set(BEFORE) <= set(data.previous_result.stakeholder)
    assert set(NOW) <= set(data.result.stakeholder) and set(NOW) <= set(data.result.gaps)
    previous = replace(data.previous_result, stakeholder={**data.previous_result.stakeholder, **BEFORE})
    management = data.result.groups[scoring.MANAGEMENT]
    own = {code: replace(d, score=MANAGEMENT.get(code, d.score)) for code, d in management.dimensions.items()}
    groups = {**data.result.groups, scoring.MANAGEMENT: replace(management, dimensions=own)}
    result = replace(data.result, stakeholder={**data.result.stakeholder, **NOW}, groups=groups)
    carried = [
        CarriedAction(
            c.action, BEFORE.get(c.action.dimension.code, c.before), NOW.get(c.action.dimension.code, c.after)
        )
        for c in data.carried_actions
    ]
    assert any(c.action.dimension.code == "L1.LEAD" for c in carried)
    roadmap = [report_module._roadmap_item(i.step, result, data.dimensions, i.actions) for i in data.roadmap]
    return replace(data, result=result, previous_result=previous, carried_actions=carried, roadmap=roadmap)


@pytest.fixture
def awkward_page(client, manager, full, awkward, monkeypatch):  # noqa: F811
    monkeypatch.setattr(views, "report_of", lambda *args, **kwargs: awkward)
    client.force_login(manager)
    return page(client, full)


def test_figures_are_rounded_half_away_from_zero_once():
    assert [shown(v) for v in (59.6, 52.4, 52.5, 53.5, -0.5, -15.5)] == [60, 52, 53, 54, -1, -16]
    assert shown(0.81499, 2) == 0.81
    score = Score(67.5, 30, (62.49, 72.5), 0.8049)
    assert (score.value, score.ci95, score.alpha) == (68, (62, 73), 0.8)
    assert signed(-0.4) == "0" and signed(7) == "+7"


def test_a_re_measured_action_shows_the_difference_of_its_two_shown_scores(awkward_page):
    table = awkward_page[awkward_page.index("re-measured") :]
    rows = re.findall(r"<td>([^<]*)</td><td>([^<]*)</td>\s*<td>([^<]*)</td></tr>", table)
    assert rows
    for before, now, difference in rows:
        if "–" not in (before, now):
            assert change(difference) == int(now) - int(before), (before, now, difference)
    assert ("60", "67", "+7") in rows  # 59.6 -> 67.4: never "60 -> 67, +8"


def test_the_trend_sentence_and_table_agree_with_their_shown_scores(awkward, awkward_page):
    trend = next(c for c in charts(awkward) if c.key == "trend")
    for name, before, now, difference in trend.table_rows:
        if "–" not in (before, now):
            assert change(difference) == first_number(now) - first_number(before), (name, before, now, difference)
    pairs = {row[0]: (row[1], row[2], row[3]) for row in trend.table_rows}
    assert pairs[awkward.dimensions.name("L1.INVEST")][2] == "+3"  # 51.6 -> 55.4: 52 -> 55, never "+4"
    reading = visible_text(section(awkward_page, "h-trend"))
    quoted = re.findall(rf"\((\d+) → (\d+), ({NUMBER})\)", reading)
    assert len(quoted) == 2, reading
    for before, now, difference in quoted:
        assert change(difference) == int(now) - int(before)
    traces, _ = figure(awkward_page, "trend")
    code = "L1.LEAD"
    assert [trace["x"][trace["y"].index(code)] for trace in traces] == [60, 67]


def test_every_gap_is_the_difference_of_the_two_scores_shown(awkward, awkward_page):
    gaps = next(c for c in charts(awkward) if c.key == "gaps")
    by_name = {}
    for name, management, stakeholders, gap, _reading in gaps.table_rows:
        assert change(gap) == first_number(management) - first_number(stakeholders), (name, management, stakeholders)
        by_name[name] = change(gap)
    assert by_name[awkward.dimensions.name("L1.INVEST")] == 26  # 80.5 against 55.4: 81 - 55, the raw 25.1 aside
    traces, _ = figure(awkward_page, "gaps")
    names = {code: awkward.dimensions.name(code) for code in traces[0]["y"]}
    assert {names[code]: x for code, x in zip(traces[0]["y"], traces[0]["x"], strict=True)} == by_name
    assert traces[0]["text"] == [signed(x) for x in traces[0]["x"]]
    summary = section(awkward_page, "summary")
    listed = re.findall(
        rf"<strong>([^<]+)</strong>: management (\d+) [^<]*?, stakeholders (\d+) [^<]*?, gap ({NUMBER})", summary
    )
    assert listed
    for name, management, stakeholders, gap in listed:
        assert change(gap) == int(management) - int(stakeholders) == by_name[name]
    steps = re.findall(rf"· ([^·<]+) · score [^·]*· gap ({NUMBER}) ·", awkward_page)
    assert steps
    for name, gap in steps:
        assert change(gap) == by_name[name.strip()], name


def _numbers(value, path=()):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int | float):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "colorscale":  # positions along the colour scale, 0 to 1, not figures
                yield from _numbers(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _numbers(item, (*path, i))


def test_the_charts_data_carry_only_the_shown_figures(awkward_page):
    blocks = re.findall(
        r'<script type="application/json" id="(chart-[\w-]+-figure)"[^>]*>(.*?)</script>', awkward_page, re.S
    )
    assert len(blocks) >= 7
    unrounded = [
        (key, path, number)
        for key, text in blocks
        for path, number in _numbers(json.loads(text))
        if float(number) != int(number)
    ]
    assert unrounded == [], unrounded
