"""One Chromium per test module (module-scoped), screenshots under tests/screenshots/ (not committed), axe-core
and the charts' overlap check as helpers for the browser tests of issue 9."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PASSWORD = "demo-pass-2026"  # noqa: S105 - the demo's published password
WIDTHS = (375, 1366)

# The texts a reader must tell apart in a plotly chart, by kind: tick labels, axis titles, legend items, bar and
# cell labels, annotations. Returns every pair whose bounding boxes intersect (by more than 1 px) and every text
# that leaves the chart's box, naming the texts.
OVERLAPS = """
(chart) => {
  const kinds = [
    [".xtick text", "x tick"], [".ytick text", "y tick"], [".angularaxistick text", "angular tick"],
    [".radialaxistick text", "radial tick"], [".g-xtitle text", "x title"], [".g-ytitle text", "y title"],
    [".legend .traces text.legendtext", "legend"], [".bartext", "bar label"], [".heatmap-label text", "cell label"],
    [".annotation-text", "annotation"], [".cbaxis text", "colour bar tick"], [".gtitle", "title"],
  ];
  const root = document.getElementById(chart);
  const frame = root.querySelector(".main-svg").getBoundingClientRect();
  const texts = [];
  for (const [selector, kind] of kinds) {
    root.querySelectorAll(selector).forEach((el) => {
      const box = el.getBoundingClientRect();
      const lines = Array.from(el.querySelectorAll("tspan.line")).map((t) => t.textContent);
      const text = (lines.length ? lines.join(" ") : el.textContent).trim();
      if (box.width < 1 || box.height < 1 || !text) return;
      texts.push({kind, text, l: box.left, r: box.right, t: box.top, b: box.bottom});
    });
  }
  const found = [];
  for (let i = 0; i < texts.length; i++) {
    const a = texts[i];
    if (a.l < frame.left - 1 || a.r > frame.right + 1 || a.t < frame.top - 1 || a.b > frame.bottom + 1)
      found.push(`${a.kind} "${a.text}" leaves the chart`);
    for (let j = i + 1; j < texts.length; j++) {
      const b = texts[j];
      if (a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1)
        found.push(`${a.kind} "${a.text}" overlaps ${b.kind} "${b.text}"`);
    }
  }
  return {texts: texts.length, width: frame.width, found};
}
"""


@pytest.fixture(scope="module")
def browser(django_db_setup) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs Debian's chromium.")
    SCREENSHOTS.mkdir(exist_ok=True)
    # While Playwright's event loop runs, Django opens other connection objects (asgiref's context-local
    # storage); they need the test database's serialized contents too, or serialized_rollback restores
    # nothing from the module's second test on.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    # As in tests/conftest.py: the test's own connection is kept apart while Playwright's loop runs.
    connections.close_all()


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/")


def violations(page, *, charts: bool = True) -> list[str]:
    """axe-core's violations; without the (aria-hidden) charts if asked: tests/test_accessibility.py checks
    the report with them, and they take a third of axe's time on the report."""
    results = Axe().run(page, context=None if charts else {"exclude": [[".plotly-chart"]]})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def charts_drawn(page) -> list[str]:
    """Waits until every chart of the page is drawn; their element ids."""
    ids = [element.get_attribute("id") for element in page.locator(".plotly-chart").all()]
    for chart in ids:
        page.locator(f"#{chart} .main-svg").first.wait_for()
    return ids


def seed_demo() -> None:
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
