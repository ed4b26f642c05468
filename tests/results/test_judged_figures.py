"""A level's score beside the threshold it is judged against (issue 9, figures rounded once): a level short
of "70 needed" never reads "70", and settings show their own decimals (72.5, never 72)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assessment.results.charts.scores import ladder
from assessment.results.rows import exact, judged

from .test_report_claims import full, manager_report, surveyed  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_figure_keeps_the_decimals_that_put_it_on_its_side_of_the_bound():
    assert judged(69.6, 70) == 69.6 and exact(judged(69.6, 70)) == "69.6"
    assert judged(69.4, 70) == 69  # "69" already reads short of 70
    assert judged(70.0, 70) == 70 and judged(70.4, 70) == 70
    assert judged(72.4, 72.5) == 72 and judged(72.5, 72.5) == 73
    assert exact(judged(69.99999, 70)) == "69.99999"
    assert judged(None, 70) is None
    assert [exact(v) for v in (70, 72.5, 50.25, 0)] == ["70", "72.5", "50.25", "0"]


def with_level_one(data, score: float, threshold: float):
    """The report with level 1's score and the level threshold replaced, level 1 attained as scoring says."""
    settings = replace(data.result.settings, level_threshold=threshold)
    first = replace(data.result.levels[0], score=score, attained=score >= threshold)
    result = replace(data.result, settings=settings, levels=(first, *data.result.levels[1:]), maturity_level=0)
    return replace(data, result=result)


def test_a_level_just_short_of_the_threshold_shows_the_decimal_that_says_so(full):  # noqa: F811
    chart = ladder(with_level_one(manager_report(full), 69.6, 70.0))
    bar = chart.html
    assert '"69.6"' in bar and '"70 needed"' in bar.replace("\\u00a0", " ")
    assert chart.table_rows[0][1] == "69.6" and chart.table_rows[0][2] == "no"
    assert "scores 69.6" in chart.reading and "needs 70," in chart.reading


def test_a_threshold_with_a_decimal_is_shown_with_it(full):  # noqa: F811
    chart = ladder(with_level_one(manager_report(full), 72.4, 72.5))
    assert '"72.5 needed"' in chart.html
    assert "needs 72.5," in chart.reading and "scores 72 " in chart.reading
