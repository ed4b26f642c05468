"""What every chart shares: the Chart a template shows, colours, and the figure's HTML."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from ..report import Report

GROUP_COLOURS = {
    "customers": "#1f77b4",
    "partners": "#2ca02c",
    "employees": "#ff7f0e",
    "shareholders": "#9467bd",
    "management": "#d62728",
}
STAKEHOLDERS_COLOUR = "#212529"
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}
SCORE_COLUMN = "score (n, 95 % interval)"
# Characters that could end the data block or open markup inside it (as Django's json_script escapes them).
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def names_axis(report: Report, codes: Sequence[str]) -> dict[str, object]:
    """A category axis keyed by dimension code whose tick labels are the dimensions' names."""
    return {"tickmode": "array", "tickvals": list(codes), "ticktext": [report.dimensions.name(c) for c in codes]}


def html(figure: go.Figure, key: str, height: int = 380, phone: go.Figure | None = None) -> str:
    """The chart's JSON data blocks; with a phone figure, static/js/report-charts.js draws that one on
    narrow screens (a 16-column heatmap or a radar cannot be read at 375 px)."""
    blocks = f'<div id="chart-{key}" class="plotly-chart"></div>' + _block(f"chart-{key}", figure, height)
    if phone is not None:
        blocks += _block(f"chart-{key}-phone", phone, None)
    return blocks


def _block(key: str, figure: go.Figure, height: int | None) -> str:
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": "system-ui, sans-serif", "size": 12},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"align": "left"},
    )
    if height is not None:
        figure.update_layout(height=height)
    # The figure goes in a JSON data block that static/js/report-charts.js draws: no inline script, so the
    # Content Security Policy can forbid them all.
    data = json.dumps({"data": figure.data, "layout": figure.layout, "config": PLOT_CONFIG}, cls=PlotlyJSONEncoder)
    safe = data.translate(JSON_ESCAPES)
    return f'<script type="application/json" id="{key}-figure">{safe}</script>'


def ranked_bars(report: Report, title: str) -> go.Figure:
    """The phone's reading of the dimensions: one bar per dimension, best first, names in full."""
    ranked = sorted(report.stakeholder.items(), key=lambda pair: -pair[1].value)
    names = [_wrapped(report.dimensions.name(code)) for code, _ in ranked][::-1]
    scores = [score for _, score in ranked][::-1]
    figure = go.Figure(
        go.Bar(
            x=[s.value for s in scores],
            y=names,
            orientation="h",
            text=[f"{s.value:.0f}" for s in scores],
            textposition="outside",
            marker_color=STAKEHOLDERS_COLOUR,
            customdata=[s.long for s in scores],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    figure.update_xaxes(range=[0, 115], title=title, tickvals=[0, 50, 100])
    figure.update_yaxes(automargin=True)
    figure.update_layout(height=90 + 34 * len(names))
    return figure


def _wrapped(name: str, width: int = 20) -> str:
    """A dimension's name on lines of about `width` characters, so that the bars keep the phone's width."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


WEIGHTED_NOTE = (
    "n counts the respondents behind a score. “weighted”: the stakeholder view weighs several groups' "
    "scores, so it has no interval of its own; each group's interval is in “Every group on every dimension”."
)
