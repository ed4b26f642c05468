"""Charts that compare: management against stakeholders, customer segments, the previous assessment."""

from __future__ import annotations

from html import escape as as_text

import plotly.graph_objects as go

from ..report import Report
from ..rows import Score, segment_label, segment_value, signed
from .base import SCORE_COLUMN, WEIGHTED_NOTE, Chart, html, names_axis

KIND_COLOURS = {"blind_spot": "#dc3545", "hidden_strength": "#198754", None: "#6c757d"}
GAPS_TITLE = "Management's view against stakeholders'"


def gaps(report: Report) -> Chart | None:
    result = report.result
    if result.self_assessed_only:
        return Chart(
            "gaps",
            GAPS_TITLE,
            "Only the management self-assessment has results so far, so there is nothing to compare it with yet.",
            "",
        )
    # Only where both sides are measured: a dimension missing on either side has no gap.
    rows = sorted(report.gaps, key=lambda r: r.gap.gap)
    if not rows:
        return None
    codes = [r.gap.dimension for r in rows]
    figure = go.Figure(
        go.Bar(
            x=[r.gap.gap for r in rows],
            y=codes,
            orientation="h",
            marker_color=[KIND_COLOURS[r.gap.kind] for r in rows],
            text=[signed(r.gap.gap) for r in rows],
            textposition="outside",
            customdata=[
                f"{r.name}<br>management {r.management.long}<br>stakeholders {r.stakeholder.long}"
                f"<br>management minus stakeholders: {signed(r.gap.gap)}"
                for r in rows
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    limit = result.settings.blind_spot_gap
    for x in (limit, -limit):
        figure.add_vline(x=x, line_dash="dot", line_color="#adb5bd")
    figure.update_xaxes(title="Management score minus stakeholder score", zeroline=True)
    figure.update_yaxes(automargin=True, **names_axis(report, codes))
    blind = [r for r in rows if r.gap.kind == "blind_spot"]
    hidden = [r for r in rows if r.gap.kind == "hidden_strength"]
    parts = []
    if blind:
        parts.append(
            f"Management rates itself at least {limit:.0f} points higher than its stakeholders on "
            + ", ".join(f"{r.name} ({signed(r.gap.gap)})" for r in reversed(blind))
            + ": these are blind spots."
        )
    if hidden:
        parts.append(
            "Stakeholders rate the company higher than management does on "
            + ", ".join(r.name for r in hidden)
            + ": hidden strengths."
        )
    if not parts:
        parts.append(f"Management's view is within {limit:.0f} points of its stakeholders' on every dimension.")
    parts.append("A dimension that management or the stakeholders did not score has no gap.")
    return Chart(
        "gaps",
        GAPS_TITLE,
        " ".join(parts),
        html(figure, "gaps", 120 + 26 * len(rows)),
        ["Dimension", f"Management: {SCORE_COLUMN}", f"Stakeholders: {SCORE_COLUMN}", "Gap", "Reading"],
        [[r.name, r.management.short, r.stakeholder.short, signed(r.gap.gap), r.reading] for r in reversed(rows)],
        WEIGHTED_NOTE,
    )


def _segment_reading(report: Report, question: str) -> str:
    result = report.result
    limit = result.settings.segment_spread
    reading = f"Customers split by {segment_label(question)}."
    flagged = report.departmentalise
    wide = sorted((s for s in result.spreads if s.spread >= limit - 1e-9), key=lambda s: -s.spread)
    if flagged:
        top = flagged[0]
        reading += f" {top.sentence}."
        if report.departmentalisation == "now":
            reading += " Segments this different may be better served by organising around customer groups"
            reading += " (see the roadmap)." if report.maturity else "."
        else:
            reading += (
                " For later: once level 2 is reached, organising around customer groups may serve them better"
                + (" (see “For later” in the roadmap)." if report.maturity else ".")
            )
    elif wide:
        # No advice: scoring did not call for it, and intervals that overlap may mean chance.
        reading += f" On {report.dimensions.name(wide[0].dimension)} segments differ by {wide[0].spread:.0f} points"
        reading += "." if wide[0].separated else ", but their 95 % intervals overlap, so the difference may be chance."
    else:
        reading += f" No dimension differs by {limit:.0f} points or more between segments."
    return reading


def segments(report: Report) -> Chart | None:
    result = report.result
    if not result.segments:
        return None
    flagged = report.departmentalise
    spreads = sorted(result.spreads, key=lambda s: -s.spread)
    if flagged:
        question = flagged[0].spread.question
    else:
        question = spreads[0].question if spreads else result.segments[0].question
    values = [s for s in result.segments if s.question == question]
    shown = [s for s in values if not s.suppressed]
    codes = [c for c in report.dimensions.framework.codes if any(c in s.dimensions for s in shown)]
    names = [f"{segment_value(s.value)} (n={s.responses})" for s in shown]

    def score(segment_index: int, code: str) -> Score | None:
        s = shown[segment_index]
        return Score(s.dimensions[code], s.n[code], s.ci95.get(code)) if code in s.dimensions else None

    figure = go.Figure()
    for i, segment in enumerate(shown):
        scores = [score(i, c) for c in codes]
        figure.add_trace(
            go.Bar(
                x=codes,
                y=[segment.dimensions.get(c) for c in codes],
                name=names[i],
                customdata=[
                    f"{report.dimensions.name(c)}<br>{segment_value(segment.value)}: "
                    + (s.long if s is not None else "no answers")
                    for c, s in zip(codes, scores, strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 100], title="score")
    figure.update_xaxes(tickangle=-45, automargin=True, **names_axis(report, codes))
    reading = _segment_reading(report, question)
    hidden = [segment_value(s.value) for s in values if s.suppressed]
    if hidden:
        reading += " Not shown, to protect anonymity: " + ", ".join(hidden) + "."
    rows = []
    for c in codes:
        cells = [score(i, c) for i in range(len(shown))]
        rows.append([report.dimensions.name(c), *[s.short if s is not None else "–" for s in cells]])
    return Chart(
        "segments",
        f"Customer segments: {segment_label(question)}",
        reading,
        html(figure, "segments", 460),
        ["Dimension", *[f"{name}: {SCORE_COLUMN}" for name in names]],
        rows,
    )


def trend(report: Report) -> Chart:
    assert report.previous_result is not None and report.previous is not None
    before, now = report.previous_stakeholder, report.stakeholder
    codes = [c for c in report.dimensions.framework.codes if c in before or c in now]
    # Plotly reads tags in trace names (a link would become clickable): titles are shown as typed, as text.
    titles = (as_text(report.previous.title), as_text(report.assessment.title))

    def hover(scores: dict[str, Score], title: str) -> list[str]:
        return [
            f"{report.dimensions.name(c)}<br>{title}: " + (scores[c].long if c in scores else "not measured")
            for c in codes
        ]

    figure = go.Figure(
        [
            go.Bar(
                x=codes,
                y=[before[c].value if c in before else None for c in codes],
                name=titles[0],
                marker_color="#adb5bd",
                customdata=hover(before, titles[0]),
                hovertemplate="%{customdata}<extra></extra>",
            ),
            go.Bar(
                x=codes,
                y=[now[c].value if c in now else None for c in codes],
                name=titles[1],
                marker_color="#0d6efd",
                customdata=hover(now, titles[1]),
                hovertemplate="%{customdata}<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 100], title="score (0-100)")
    figure.update_xaxes(tickangle=-45, automargin=True, **names_axis(report, codes))
    changes = sorted(((now[c].value - before[c].value, c) for c in codes if c in now and c in before), reverse=True)
    reading = ""
    if report.maturity:
        reading = (
            f"Maturity level {report.previous_result.maturity_level} in {titles[0]}, {report.maturity_level} now. "
        )
    if changes:
        best, worst = changes[0], changes[-1]
        reading += (
            f"Most improved: {report.dimensions.name(best[1])} ({signed(best[0])}); "
            f"least: {report.dimensions.name(worst[1])} ({signed(worst[0])}). "
            "A change that stays within the two 95 % intervals (see the table) may be chance."
        )
    return Chart(
        "trend",
        f"Since {titles[0]}",
        reading.strip(),
        html(figure, "trend", 420),
        ["Dimension", f"{titles[0]}: {SCORE_COLUMN}", f"{titles[1]}: {SCORE_COLUMN}", "Change"],
        [
            [
                report.dimensions.name(c),
                before[c].short if c in before else "–",
                now[c].short if c in now else "–",
                signed(now[c].value - before[c].value) if c in now and c in before else "–",
            ]
            for c in codes
        ],
        WEIGHTED_NOTE,
    )
