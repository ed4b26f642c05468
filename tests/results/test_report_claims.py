"""The report page says only what a consultant can sign (issue 8): every score with its n and 95 %
interval, dimension names never codes, the 0-100 scale explained, level 3 explained, NPS and eNPS
apart, gaps only where both sides are measured, not-measured dimensions named with the groups that
would measure them, and customer-grouping advice only where scoring calls for it."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assessment.assessments.services import create_assessment
from assessment.instruments import texts
from assessment.models import Role
from assessment.organisations.access import Access
from assessment.results import report as report_module
from assessment.results.charts import charts
from assessment.results.report import report
from assessment.results.rows import GROUP_WORDS, either
from assessment.results.selectors import assessment_result
from assessment.roadmap.services import create_action

from .test_report_helpers import CODE, figure, page, section, submit, visible_text

pytestmark = pytest.mark.django_db

SCORE_CELL = re.compile(r"^\d+ \(n=\d+, (\d+–\d+|no interval|weighted)(, α -?\d\.\d\d)?\)$")
SCORE_HEADER = "score (n, 95 % interval)"


@pytest.fixture
def surveyed(assessment):
    submit(assessment, "management", 1, mean=4.5)
    submit(assessment, "customers", 30, mean=3.6)
    submit(assessment, "employees", 12, mean=3.2, seed=2)
    return assessment


@pytest.fixture
def full(organisation, manager, surveyed):
    """A second assessment with every chart: the trend against the first, customer types far apart,
    actions carried over and new."""
    create_action(assessment=surveyed, dimension_code="L1.LEAD", title="Lead from the top")
    later = create_assessment(organisation=organisation, title="2027 Q2", created_by=manager)
    submit(later, "management", 1, mean=4.5)
    submit(later, "customers", 15, mean=4.6, seed=3, segment="individual")
    submit(later, "customers", 15, mean=1.6, seed=4, segment="government")
    submit(later, "employees", 12, mean=3.4, seed=5)
    create_action(assessment=later, dimension_code="L1.SKILLS", title="Basic skills course")
    return later


@pytest.fixture
def customers_only(assessment):
    """Employees not surveyed: the dimensions only they are asked about are not measured."""
    submit(assessment, "management", 1, mean=4.5)
    submit(assessment, "customers", 30, mean=3.6)
    return assessment


def article(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</article>", start)]


def manager_report(assessment):
    return report(assessment, Access(assessment.organisation, Role.MANAGER))


def test_every_table_shows_each_score_with_its_n_and_interval(full):
    built = {chart.key: chart for chart in charts(manager_report(full))}
    assert {"heatmap", "radar", "gaps", "segments", "trend"} <= set(built)
    score_columns = {"heatmap": None, "radar": None, "segments": None, "gaps": (1, 2), "trend": (1, 2)}
    for key, columns in score_columns.items():
        chart = built[key]
        columns = columns or tuple(range(1, len(chart.table_headers)))
        for column in columns:
            assert chart.table_headers[column].endswith(SCORE_HEADER), (key, chart.table_headers[column])
            for row in chart.table_rows:
                assert row[column] == "–" or SCORE_CELL.match(row[column]), (key, row[column])
    # Cronbach's alpha where it is computed (30 customers answered every item), not for 12 employees.
    heatmap = built["heatmap"]
    customers = heatmap.table_headers.index(f"Customers: {SCORE_HEADER}")
    employees = heatmap.table_headers.index(f"Employees: {SCORE_HEADER}")
    assert any("α" in row[customers] for row in heatmap.table_rows)
    assert not any("α" in row[employees] for row in heatmap.table_rows)
    assert "Cronbach's alpha" in heatmap.table_note


def test_hover_text_gives_n_and_interval(client, manager, full):
    client.force_login(manager)
    html = page(client, full)
    for chart in ("heatmap", "radar", "gaps", "segments", "trend"):
        traces, _ = figure(html, chart)
        for trace in traces:
            assert trace["hovertemplate"] == "%{customdata}<extra></extra>", chart
            cells = trace["customdata"]
            flat = [c for line in cells for c in line] if isinstance(cells[0], list) else cells
            scored = [c for c in flat if "not asked" not in c and "no answers" not in c and "not measured" not in c]
            assert scored, chart
            for text in scored:
                assert "n=" in text and re.search(r"95 % interval|weighted|too few answers", text), (chart, text)
    heatmap, _ = figure(html, "heatmap")
    # Dimensions down, groups across: one column of cells per group.
    columns = {key: [line[i] for line in heatmap[0]["customdata"]] for i, key in enumerate(heatmap[0]["x"])}
    assert any("Cronbach's alpha" in cell for cell in columns["customers"])
    assert any("95 % interval" in cell for cell in columns["employees"])


def test_dimension_names_never_codes(client, manager, full):
    client.force_login(manager)
    html = page(client, full)
    text = visible_text(html)
    assert "Lead from the top" in text and "Basic skills course" in text  # both action tables are shown
    assert CODE.search(text) is None, CODE.findall(text)[:5]
    names = manager_report(full).dimensions.names
    for chart in ("heatmap", "radar", "gaps", "segments", "trend"):
        traces, layout = figure(html, chart)
        axes = [layout.get(a, {}) for a in ("xaxis", "yaxis")] + [layout.get("polar", {}).get("angularaxis", {})]
        labelled = [axis for axis in axes if "tickvals" in axis and set(axis["tickvals"]) <= set(names)]
        assert labelled, chart
        for axis in labelled:
            # Long names are wrapped on two lines.
            shown = [text.replace("<br>", " ") for text in axis["ticktext"]]
            assert shown == [names[code] for code in axis["tickvals"]], chart
        for trace in traces:
            words = [str(trace.get("name", "")), str(trace.get("customdata", "")), str(trace.get("text", ""))]
            assert CODE.search(" ".join(words)) is None, chart


def test_the_scale_is_explained_near_the_top(client, manager, hr_user, surveyed):
    sentence = (
        "Scores run from 0 to 100: 0 means everyone strongly disagreed, 50 neither agree nor disagree, "
        "75 that the average answer was “agree”, 100 strongly agree."
    )
    for user in (manager, hr_user):
        client.force_login(user)
        text = visible_text(page(client, surveyed))
        assert sentence in text
        assert text.index(sentence) < text.index("Every group on every dimension")


def test_level_three_is_explained(client, manager, surveyed):
    client.force_login(manager)
    summary = visible_text(section(page(client, surveyed), "summary"))
    assert "Customer service centre" in summary
    assert texts.levels()[3]["description"] in summary
    assert "whole organisation built around the customer" in summary


def test_customer_nps_and_employee_nps_are_apart(client, manager, hr_user, surveyed):
    client.force_login(manager)
    html = page(client, surveyed)
    customers = visible_text(html[html.index('id="nps-customers"') : html.index("</figure>", html.index("nps-c"))])
    employees = visible_text(html[html.index('id="nps-employees"') : html.index("</figure>", html.index("nps-e"))])
    assert "Customer net promoter score" in customers and "n=30 customers" in customers
    assert "Employee net promoter score" in employees and "n=12 employees" in employees
    assert "Net promoter score: customers" not in html
    client.force_login(hr_user)
    html = page(client, surveyed)
    assert 'id="nps-employees"' in html and 'id="nps-customers"' not in html


def test_gaps_only_where_both_sides_are_measured(client, manager, customers_only):
    result = assessment_result(customers_only)
    management = set(result.groups["management"].dimensions)
    one_sided = management - set(result.stakeholder)
    assert one_sided  # e.g. Leadership commitment: management answered, customers are not asked
    data = manager_report(customers_only)
    assert {row.gap.dimension for row in data.gaps} <= management & set(result.stakeholder)
    client.force_login(manager)
    html = page(client, customers_only)
    traces, _ = figure(html, "gaps")
    assert not one_sided & set(traces[0]["y"])
    gap_chart = next(c for c in charts(data) if c.key == "gaps")
    shown = {row[0] for row in gap_chart.table_rows}
    assert not shown & {data.dimensions.name(c) for c in one_sided}
    # Even a gap scoring handed over for a dimension missing on one side stays off the page.
    code = sorted(one_sided)[0]
    bogus = replace(next(iter(result.gaps.values())), dimension=code)
    tampered = replace(data, result=replace(data.result, gaps={**data.result.gaps, code: bogus}))
    assert code not in {row.gap.dimension for row in tampered.gaps}


def test_not_measured_dimensions_are_named_with_the_groups_that_would_measure_them(client, manager, customers_only):
    result = assessment_result(customers_only)
    assert result.not_measured
    names = manager_report(customers_only).dimensions.names
    client.force_login(manager)
    html = page(client, customers_only)
    summary = visible_text(section(html, "summary"))
    assert "Not measured:" in summary
    for code, groups in result.not_measured.items():
        assert f"{names[code]} (survey {either([GROUP_WORDS[g] for g in groups])})" in summary
    assert re.search(r"Leadership commitment \(survey [a-z]+( or [a-z]+|(, [a-z]+)+ or [a-z]+)?\)", summary)
    # Roadmap: measure steps first, with no score or priority; improve steps as before.
    measure = [s.dimension for s in result.roadmap if s.kind == "measure"]
    assert measure and set(measure) <= set(result.not_measured)
    for code in measure:
        step = visible_text(article(html, f"step-{code}"))
        assert f"Measure: {names[code]} — survey " in step
        assert "score" not in step.lower().replace("scores", "") and "priority" not in step
    improve = next(s for s in result.roadmap if s.kind == "improve")
    assert "priority" in article(html, f"step-{improve.dimension}")


def with_result(monkeypatch, change) -> None:
    """The report built from a result changed by `change` (the scoring rules' answer, overridden)."""
    original = report_module.shown_figures

    def changed(*args, **kwargs):
        figures = original(*args, **kwargs)
        return replace(figures, result=change(figures.result))

    monkeypatch.setattr(report_module, "shown_figures", changed)


def test_a_level_with_a_not_measured_dimension_is_never_called_attained(client, manager, customers_only, monkeypatch):
    def claims_level_one(result):
        levels = (replace(result.levels[0], attained=True), *result.levels[1:])
        return replace(result, levels=levels, maturity_level=1)

    with_result(monkeypatch, claims_level_one)
    data = manager_report(customers_only)
    assert data.result.levels[0].attained and data.result.levels[0].not_measured
    assert not data.levels[0].attained
    client.force_login(manager)
    html = page(client, customers_only)
    level = html[html.index('id="level-1"') : html.index("</li>", html.index('id="level-1"'))]
    assert "attained" not in level and "Not measured:" in visible_text(level)
    assert "Acme Bakery is at level 0 of 3" in html
    ladder = next(c for c in charts(data) if c.key == "ladder")
    assert ladder.table_rows[0][2] == "no"


def test_customer_grouping_is_advice_for_later_below_level_two(client, manager, full):
    result = assessment_result(full)
    assert result.maturity_level < 2 and result.departmentalisation == "later"
    client.force_login(manager)
    html = page(client, full)
    advice = visible_text(article(html, "departmentalisation"))
    assert "For later" in advice and "once level 2 is reached" in advice
    assert "by customer type" in advice
    text = visible_text(html)
    assert "customer_type" not in text and "by customer_type" not in text


def _with_departmentalisation(monkeypatch, value):
    with_result(monkeypatch, lambda result: replace(result, departmentalisation=value))


def test_customer_grouping_now_is_current_advice(client, manager, full, monkeypatch):
    _with_departmentalisation(monkeypatch, "now")
    client.force_login(manager)
    html = page(client, full)
    advice = visible_text(article(html, "departmentalisation"))
    assert "Consider organising around customer groups" in advice
    assert "For later" not in advice
    assert "by customer type" in advice


def test_no_customer_grouping_advice_unless_scoring_calls_for_it(client, manager, full, monkeypatch):
    _with_departmentalisation(monkeypatch, None)
    assert any(s.departmentalise for s in assessment_result(full).spreads)
    client.force_login(manager)
    html = page(client, full)
    assert 'id="departmentalisation"' not in html
    assert "organising around customer groups" not in visible_text(html)


def test_a_wide_spread_whose_intervals_overlap_is_called_possible_chance(client, manager, full, monkeypatch):
    def overlapping(result):
        spreads = tuple(replace(s, separated=False, departmentalise=False) for s in result.spreads)
        return replace(result, spreads=spreads, departmentalisation=None)

    with_result(monkeypatch, overlapping)
    client.force_login(manager)
    html = page(client, full)
    reading = visible_text(section(html, "h-segments"))
    assert "intervals overlap, so the difference may be chance" in reading
    assert "No dimension differs" not in reading
    assert 'id="departmentalisation"' not in html
