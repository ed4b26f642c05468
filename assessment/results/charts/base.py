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


def html(figure: go.Figure, key: str, height: int = 380) -> str:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": "system-ui, sans-serif", "size": 12},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"align": "left"},
    )
    # The figure goes in a JSON data block that static/js/report-charts.js draws: no inline script, so the
    # Content Security Policy can forbid them all.
    data = json.dumps({"data": figure.data, "layout": figure.layout, "config": PLOT_CONFIG}, cls=PlotlyJSONEncoder)
    safe = data.translate(JSON_ESCAPES)
    return (
        f'<div id="chart-{key}" class="plotly-chart"></div>'
        f'<script type="application/json" id="chart-{key}-figure">{safe}</script>'
    )


WEIGHTED_NOTE = (
    "n counts the respondents behind a score. “weighted”: the stakeholder view weighs several groups' "
    "scores, so it has no interval of its own; each group's interval is in “Every group on every dimension”."
)
