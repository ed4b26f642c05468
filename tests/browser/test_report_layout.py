"""The report's charts at a phone's, a tablet's and a desktop's width (issue 9): no text of a chart (tick
labels, axis titles, legend items, bar and cell labels) overlaps another or leaves the chart, and no chart
makes the page scroll sideways."""

from __future__ import annotations

import pytest

from .conftest import OVERLAPS, charts_drawn, log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The charts a manager's demo report draws, and the fewest texts each must have at any width, so that a chart
# drawn empty (or in another form than intended) cannot pass for one without overlaps.
CHARTS = {
    "chart-ladder": 6,
    "chart-heatmap": 16,
    "chart-radar": 16,
    "chart-gaps": 16,
    "chart-segments": 10,
    "chart-responses": 5,
    "chart-trend": 16,
}


# For each chart with a phone form, which form was drawn (a heatmap's cells, a radar's polar plot) and which
# of its two sentences under it is shown.
READINGS = """
() => Array.from(document.querySelectorAll("[data-phone-reading-of]")).map((phone) => {
  const key = phone.dataset.phoneReadingOf;
  const chart = document.getElementById(key);
  const wide = document.querySelector(`[data-reading-of="${key}"]`);
  const drawnWide = chart.querySelector(".hm, .polarlayer .polar") !== null;
  return {key, drawnWide, wideShown: !wide.hidden, phoneShown: !phone.hidden};
})
"""


def test_no_chart_text_overlaps_another_at_375_768_and_1366_px(browser, live_server):
    from assessment.models import Assessment

    seed_demo()
    current = Assessment.objects.get(title="2026 Q4")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, "manager")
    found: dict[str, list[str]] = {}
    forms: dict[int, dict[str, bool]] = {}
    for width in (375, 768, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/assessments/{current.pk}/report/")
        assert set(charts_drawn(page)) == set(CHARTS)
        for chart, fewest in CHARTS.items():
            checked = page.evaluate(OVERLAPS, chart)
            assert checked["texts"] >= fewest, (width, chart, checked["texts"])
            assert checked["width"] <= width, (width, chart)
            if checked["found"]:
                found[f"{chart} at {width} px"] = checked["found"]
        # Nothing makes the page wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        # The sentence under a chart reads the form drawn: a phone's ranked bars are not "green and red".
        readings = page.evaluate(READINGS)
        assert {r["key"] for r in readings} == {"chart-heatmap", "chart-radar"}, readings
        for reading in readings:
            assert reading["wideShown"] == reading["drawnWide"] != reading["phoneShown"], (width, reading)
        forms[width] = {r["key"]: r["drawnWide"] for r in readings}
    context.close()
    assert found == {}
    # Both forms were met: the phone's at 375 px, the wide ones at 1366 px, and between the two the heatmap
    # keeps its cells while the radar (which needs more room) is already dots.
    assert forms == {
        375: {"chart-heatmap": False, "chart-radar": False},
        768: {"chart-heatmap": True, "chart-radar": False},
        1366: {"chart-heatmap": True, "chart-radar": True},
    }
