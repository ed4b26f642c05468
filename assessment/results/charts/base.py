"""What every chart shares: the Chart a template shows, colours, and the figure's HTML.

Layout rules that keep every text of a chart clear of the others at 375, 768 and 1366 px: category names
on the vertical axis (never slanted tick labels), wrapped; legends above the plot, where plotly widens
the margin for them; bar labels inside the axis range. static/js/report-charts.js draws the figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
from django.utils.translation import gettext_lazy as _
from plotly.utils import PlotlyJSONEncoder

from ..report import Report
from ..rows import Score

GROUP_COLOURS = {
    "customers": "#1f77b4",
    "partners": "#2ca02c",
    "employees": "#ff7f0e",
    "shareholders": "#9467bd",
    "management": "#d62728",
}
STAKEHOLDERS_COLOUR = "#212529"
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}
# xgettext:no-python-format
SCORE_COLUMN = _("score (n, 95 % interval)")
# Characters that could end the data block or open markup inside it (as Django's json_script escapes them).
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# Below this width (px) of its chart, a figure that has a narrow form shows that one instead.
PHONE_WIDTH = 576
# Pixels per row of a chart with one row per dimension: two lines of a wrapped name fit.
ROW_HEIGHT = 34
NAME_WIDTH = 22  # characters per line of a wrapped dimension name


@dataclass
class Chart:
    """A figure with a plain-language reading and a table alternative built from the same numbers."""

    key: str
    title: str
    reading: str
    html: str
    table_headers: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    table_note: str = ""
    # How to read the phone's form of the chart, where it has one that reads differently (report-charts.js
    # shows this sentence instead of `reading` when it draws that form).
    phone_reading: str = ""


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def values(scores: Sequence[Score | None]) -> list[float | None]:
    """Scores as the chart plots them: the very figures the text shows, rounded once (rows.Score)."""
    return [None if score is None else score.value for score in scores]


def names_axis(report: Report, codes: Sequence[str], width: int = NAME_WIDTH) -> dict[str, object]:
    """A category axis keyed by dimension code whose tick labels are the dimensions' names, wrapped."""
    return {
        "tickmode": "array",
        "tickvals": list(codes),
        "ticktext": [wrapped(report.dimensions.name(c), width) for c in codes],
        "automargin": True,
        "ticklabelstandoff": 6,
    }


def html(figure: go.Figure, key: str, height: int = 380, phone: go.Figure | None = None, below: int = 0) -> str:
    """The chart's JSON data blocks; with a phone figure, static/js/report-charts.js draws that one when the
    chart is narrower than `below` px (PHONE_WIDTH by default): a 16-column heatmap or a radar cannot be read
    at 375 px."""
    blocks = f'<div id="chart-{key}" class="plotly-chart"></div>' + _block(f"chart-{key}", figure, height)
    if phone is not None:
        blocks += _block(f"chart-{key}-phone", phone, None, below or PHONE_WIDTH)
    return blocks


def _block(key: str, figure: go.Figure, height: int | None, below: int | None = None) -> str:
    figure.update_layout(
        template="none",
        font={"family": "system-ui, sans-serif", "size": 12, "color": "#212529"},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel={"align": "left"},
    )
    if figure.layout.margin.l is None:
        # Small: the axes' automargin adds what their labels need.
        figure.update_layout(margin={"l": 8, "r": 8, "t": 8, "b": 8})
    if figure.layout.legend.orientation is None:
        # Above the plot: plotly widens the top margin for it, clear of the axes' labels below.
        figure.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1, "x": 0, "xanchor": "left"})
    if not any(isinstance(trace, go.Scatterpolar) for trace in figure.data):
        # Margins grow to fit tick labels and axis titles, which then never run into each other.
        figure.update_xaxes(automargin=True)
        figure.update_yaxes(automargin=True)
    if height is not None:
        figure.update_layout(height=height)
    # The figure goes in a JSON data block that static/js/report-charts.js draws: no inline script, so the
    # Content Security Policy can forbid them all.
    data = json.dumps({"data": figure.data, "layout": figure.layout, "config": PLOT_CONFIG}, cls=PlotlyJSONEncoder)
    safe = data.translate(JSON_ESCAPES)
    narrow = f' data-below="{below}"' if below else ""
    return f'<script type="application/json" id="{key}-figure"{narrow}>{safe}</script>'


def ranked_bars(report: Report, title: str) -> go.Figure:
    """The phone's reading of the dimensions: one bar per dimension, best first, names in full."""
    ranked = sorted(report.stakeholder.items(), key=lambda pair: -pair[1].value)
    names = [wrapped(report.dimensions.name(code)) for code, _ in ranked][::-1]
    scores = [score for _, score in ranked][::-1]
    figure = go.Figure(
        go.Bar(
            x=values(scores),
            y=names,
            orientation="h",
            text=[f"{s.value:.0f}" for s in scores],
            textposition="outside",
            cliponaxis=False,
            marker_color=STAKEHOLDERS_COLOUR,
            customdata=[s.long for s in scores],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    figure.update_xaxes(range=[0, 115], title=title, tickvals=[0, 50, 100])
    figure.update_yaxes(automargin=True)
    figure.update_layout(height=90 + ROW_HEIGHT * len(names))
    return figure


def wrapped(name: str, width: int = NAME_WIDTH, hyphens: bool = False) -> str:
    """A name on lines of about `width` characters (broken at spaces, and after hyphens if asked), so that
    charts keep the phone's width and neighbouring labels apart."""
    lines, line = [], ""
    for word in re.findall(r"[^\s-]+-?" if hyphens else r"\S+", name):
        joiner = "" if line.endswith("-") else " "
        if line and len(line) + len(joiner) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line}{joiner}{word}" if line else word
    return "<br>".join([*lines, line])


WEIGHTED_NOTE = _(
    "n counts the respondents behind a score. “weighted”: the stakeholder view weighs several groups' "
    "scores, so it has no interval of its own; each group's interval is in “Every group on every dimension”."
)
