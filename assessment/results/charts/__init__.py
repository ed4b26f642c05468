"""The report's charts: this package holds the only modules that import plotly.

Each chart comes with a plain-language reading and a table alternative for screen readers, built
from the same numbers as the figure; every score carries its n and 95 % interval, every dimension
its name.
"""

from __future__ import annotations

from ..report import Report
from .base import Chart as Chart
from .compare import gaps, segments, trend
from .scores import heatmap, ladder, radar, responses


def charts(report: Report) -> list[Chart]:
    """All charts; without the maturity ladder for a partial view (HR's employees-only results)."""
    built = [ladder(report) if report.maturity else None, heatmap(report), radar(report), gaps(report)]
    built += [segments(report), responses(report)]
    if report.previous_result is not None and report.previous is not None:
        built.append(trend(report))
    return [chart for chart in built if chart is not None]
