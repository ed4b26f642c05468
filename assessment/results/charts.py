"""The report's charts. The only module that imports plotly.

Each chart comes with a plain-language reading and a table alternative for screen readers, built
from the same numbers as the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from .. import scoring
from ..groups import Group
from ..instruments import texts
from .report import Report

GROUP_COLOURS = {
    "customers": "#1f77b4",
    "partners": "#2ca02c",
    "employees": "#ff7f0e",
    "shareholders": "#9467bd",
    "management": "#d62728",
}
STAKEHOLDERS_COLOUR = "#212529"
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}
SEGMENT_LABELS = {
    "customer_type": "customer type",
    "age_band": "age band",
    "gender": "gender",
    "purchase_frequency": "purchasing frequency",
    "socio_economic": "socio-economic band",
}


@dataclass
class Chart:
    key: str
    title: str
    reading: str
    html: str
    table_headers: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)


def group_label(group: str) -> str:
    return str(Group(group).label)


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _html(figure: go.Figure, key: str, height: int = 380) -> str:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": "system-ui, sans-serif", "size": 12},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "y": -0.15},
    )
    html: str = figure.to_html(full_html=False, include_plotlyjs=False, config=PLOT_CONFIG, div_id=f"chart-{key}")
    return html


def charts(report: Report, *, maturity: bool = True) -> list[Chart]:
    """All charts; without the maturity ladder for a partial view (HR's employees-only results)."""
    result = report.result
    built = [ladder(result) if maturity else None, heatmap(report), radar(report), gaps(report)]
    built += [segments(report), responses(report)]
    if report.previous_result is not None and report.previous is not None:
        built.append(trend(report))
    return [chart for chart in built if chart is not None]


def ladder(result: scoring.AssessmentResult) -> Chart:
    threshold = result.settings.level_threshold
    names = [f"Level {lv.level}: {texts.levels()[lv.level]['name']}" for lv in result.levels]
    colours = []
    for lv in result.levels:
        if lv.attained:
            colours.append("#198754")
        elif lv.level == result.maturity_level + 1:
            colours.append("#fd7e14")
        else:
            colours.append("#adb5bd")
    figure = go.Figure(
        go.Bar(
            x=[lv.score or 0 for lv in result.levels],
            y=names,
            orientation="h",
            marker_color=colours,
            text=[fmt(lv.score) + (" ✓ attained" if lv.attained else "") for lv in result.levels],
            textposition="auto",
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    figure.add_vline(x=threshold, line_dash="dash", line_color="#495057", annotation_text=f"{threshold:.0f} needed")
    figure.update_xaxes(range=[0, 100], title="Level score (0-100)")
    figure.update_yaxes(autorange="reversed")
    current = texts.maturity_name(result.maturity_level)
    reading = f"The company is at level {result.maturity_level}: {current.lower()}."
    if result.maturity_level < 3:
        nxt = result.levels[result.maturity_level]
        reading += (
            f" Level {nxt.level} scores {fmt(nxt.score)}; it needs {threshold:.0f}, with every one of its "
            f"dimensions at {result.settings.dimension_floor:.0f} or more."
        )
    return Chart(
        "ladder",
        "Maturity ladder",
        reading,
        _html(figure, "ladder", 260),
        ["Level", "Score", "Attained"],
        [[n, fmt(lv.score), "yes" if lv.attained else "no"] for n, lv in zip(names, result.levels, strict=True)],
    )


def _rows(report: Report) -> list[tuple[str, str, dict[str, float]]]:
    """(key, label, scores by dimension) for each unsuppressed group, plus the weighted stakeholder view."""
    result = report.result
    rows = []
    for name, group in result.groups.items():
        if not group.suppressed and group.dimensions:
            scores = {c: d.score for c, d in group.dimensions.items() if d.score is not None}
            rows.append((name, group_label(name), scores))
    # The weighted view only adds something when more than one stakeholder group is shown.
    if result.stakeholder and not result.self_assessed_only and sum(key != "management" for key, _, _ in rows) > 1:
        rows.append(("stakeholders", "All stakeholders (weighted)", dict(result.stakeholder)))
    return rows


def heatmap(report: Report) -> Chart:
    codes = list(report.dimensions.framework.codes)
    rows = _rows(report)
    z = [[scores.get(c) for c in codes] for _, _, scores in rows]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=codes,
            y=[label for _, label, _ in rows],
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            text=[[fmt(v) if v is not None else "" for v in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y} – %{x}: %{z:.1f}<extra></extra>",
            colorbar={"title": "score"},
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(tickangle=-45)
    weakest = sorted(report.result.stakeholder.items(), key=lambda kv: kv[1])[:3]
    reading = "Green is strong, red is weak; an empty cell was not asked of that group or had no answers."
    if weakest:
        reading += (
            " The weakest dimensions overall are "
            + ", ".join(f"{report.dimension_names[c]} ({fmt(s)})" for c, s in weakest)
            + "."
        )
    return Chart(
        "heatmap",
        "Every group on every dimension",
        reading,
        _html(figure, "heatmap", 120 + 45 * max(1, len(rows))),
        ["Dimension", *[label for _, label, _ in rows]],
        [[f"{c} {report.dimension_names[c]}", *[fmt(scores.get(c)) for _, _, scores in rows]] for c in codes],
    )


def radar(report: Report) -> Chart:
    codes = list(report.dimensions.framework.codes)
    figure = go.Figure()
    rows = _rows(report)
    for key, label, scores in rows:
        figure.add_trace(
            go.Scatterpolar(
                r=[scores.get(c) for c in codes] + [scores.get(codes[0])],
                theta=codes + [codes[0]],
                name=label,
                line={
                    "color": GROUP_COLOURS.get(key, STAKEHOLDERS_COLOUR),
                    "width": 3 if key == "stakeholders" else 1.5,
                },
                connectgaps=True,
            )
        )
    figure.update_layout(polar={"radialaxis": {"range": [0, 100]}})
    reading = (
        "Each line is one group's view of the company; the further out, the better. "
        "Where lines part, groups see the company differently."
    )
    return Chart(
        "radar",
        "Dimensions as each group sees them",
        reading,
        _html(figure, "radar", 460),
        ["Group", *codes],
        [[label, *[fmt(scores.get(c)) for c in codes]] for _, label, scores in rows],
    )


def gaps(report: Report) -> Chart | None:
    result = report.result
    if result.self_assessed_only:
        return Chart(
            "gaps",
            "Management's view against stakeholders'",
            "Only the management self-assessment has results so far, so there is nothing to compare it with yet.",
            "",
        )
    if not result.gaps:
        return None
    ordered = sorted(result.gaps.values(), key=lambda g: g.gap)
    colours = {"blind_spot": "#dc3545", "hidden_strength": "#198754", None: "#6c757d"}
    figure = go.Figure(
        go.Bar(
            x=[g.gap for g in ordered],
            y=[g.dimension for g in ordered],
            orientation="h",
            marker_color=[colours[g.kind] for g in ordered],
            text=[f"{g.gap:+.0f}" for g in ordered],
            textposition="outside",
            hovertemplate="%{y}: management minus stakeholders %{x:+.1f}<extra></extra>",
        )
    )
    limit = result.settings.blind_spot_gap
    for x in (limit, -limit):
        figure.add_vline(x=x, line_dash="dot", line_color="#adb5bd")
    figure.update_xaxes(title="Management score minus stakeholder score", zeroline=True)
    blind = [g for g in ordered if g.kind == "blind_spot"]
    hidden = [g for g in ordered if g.kind == "hidden_strength"]
    parts = []
    if blind:
        parts.append(
            "Management rates itself at least "
            + f"{limit:.0f} points higher than its stakeholders on "
            + ", ".join(f"{report.dimension_names[g.dimension]} ({g.gap:+.0f})" for g in reversed(blind))
            + ": these are blind spots."
        )
    if hidden:
        parts.append(
            "Stakeholders rate the company higher than management does on "
            + ", ".join(report.dimension_names[g.dimension] for g in hidden)
            + ": hidden strengths."
        )
    if not parts:
        parts.append(f"Management's view is within {limit:.0f} points of its stakeholders' on every dimension.")
    return Chart(
        "gaps",
        "Management's view against stakeholders'",
        " ".join(parts),
        _html(figure, "gaps", 120 + 26 * len(ordered)),
        ["Dimension", "Management", "Stakeholders", "Gap", "Reading"],
        [
            [
                f"{g.dimension} {report.dimension_names[g.dimension]}",
                fmt(g.management),
                fmt(g.stakeholder),
                f"{g.gap:+.0f}",
                {"blind_spot": "blind spot", "hidden_strength": "hidden strength", None: ""}[g.kind],
            ]
            for g in reversed(ordered)
        ],
    )


def segments(report: Report) -> Chart | None:
    result = report.result
    if not result.segments:
        return None
    spreads = sorted(result.spreads, key=lambda s: -s.spread)
    question = spreads[0].question if spreads else "customer_type"
    values = [s for s in result.segments if s.question == question]
    shown = [s for s in values if not s.suppressed]
    codes = [c for c in report.dimensions.framework.codes if any(c in s.dimensions for s in shown)]
    figure = go.Figure()
    for segment in shown:
        figure.add_trace(
            go.Bar(
                x=codes,
                y=[segment.dimensions.get(c) for c in codes],
                name=f"{segment.value.replace('_', ' ')} (n={segment.responses})",
                hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 100], title="score")
    figure.update_xaxes(tickangle=-45)
    hidden = [s.value.replace("_", " ") for s in values if s.suppressed]
    label = SEGMENT_LABELS.get(question, question)
    flagged = [s for s in spreads if s.departmentalise]
    reading = f"Customers split by {label}."
    if flagged:
        top = flagged[0]
        reading += (
            f" On {report.dimension_names[top.dimension]}, {top.highest.replace('_', ' ')} customers score "
            f"{top.spread:.0f} points higher than {top.lowest.replace('_', ' ')} customers: segments this different "
            "may be better served by organising around customer groups (see the roadmap)."
        )
    else:
        reading += f" No dimension differs by {result.settings.segment_spread:.0f} points or more between segments."
    if hidden:
        reading += " Not shown, to protect anonymity: " + ", ".join(hidden) + "."
    return Chart(
        "segments",
        f"Customer segments: {label}",
        reading,
        _html(figure, "segments", 420),
        ["Dimension", *[f"{s.value.replace('_', ' ')} (n={s.responses})" for s in shown]],
        [[f"{c} {report.dimension_names[c]}", *[fmt(s.dimensions.get(c)) for s in shown]] for c in codes],
    )


def responses(report: Report) -> Chart:
    result = report.result
    rows = []
    suppressed = []
    for progress in report.campaigns:
        name = progress.campaign.group
        group = result.groups.get(name)
        if group is not None and group.suppressed:
            suppressed.append(group_label(name))
            continue
        submitted, invited = progress.submitted, progress.invited
        rate = f"{100 * submitted / invited:.0f}%" if invited else "open link"
        rows.append((group_label(name), submitted, rate, name))
    figure = go.Figure(
        go.Bar(
            x=[r[0] for r in rows],
            y=[r[1] for r in rows],
            marker_color=[GROUP_COLOURS[r[3]] for r in rows],
            text=[str(r[1]) for r in rows],
            textposition="auto",
            hovertemplate="%{x}: %{y} submitted<extra></extra>",
        )
    )
    figure.update_yaxes(title="submitted responses")
    reading = "Submitted responses per group. " + "; ".join(f"{r[0]}: {r[1]} ({r[2]})" for r in rows) + "."
    if suppressed:
        reading += " Not enough responses to protect anonymity: " + ", ".join(suppressed) + "."
    return Chart(
        "responses",
        "Responses",
        reading,
        _html(figure, "responses", 300),
        ["Group", "Submitted", "Response rate"],
        [[r[0], str(r[1]), r[2]] for r in rows],
    )


def trend(report: Report) -> Chart:
    assert report.previous_result is not None and report.previous is not None
    before, now = report.previous_result.stakeholder, report.result.stakeholder
    codes = [c for c in report.dimensions.framework.codes if c in before or c in now]
    figure = go.Figure(
        [
            go.Bar(x=codes, y=[before.get(c) for c in codes], name=report.previous.title, marker_color="#adb5bd"),
            go.Bar(x=codes, y=[now.get(c) for c in codes], name=report.assessment.title, marker_color="#0d6efd"),
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 100], title="stakeholder score")
    figure.update_xaxes(tickangle=-45)
    changes = sorted(((now[c] - before[c], c) for c in codes if c in now and c in before), reverse=True)
    reading = (
        f"Maturity level {report.previous_result.maturity_level} in {report.previous.title}, "
        f"{report.result.maturity_level} now."
    )
    if changes:
        best, worst = changes[0], changes[-1]
        reading += (
            f" Most improved: {report.dimension_names[best[1]]} ({best[0]:+.0f});"
            f" least: {report.dimension_names[worst[1]]} ({worst[0]:+.0f})."
        )
    return Chart(
        "trend",
        f"Since {report.previous.title}",
        reading,
        _html(figure, "trend", 380),
        ["Dimension", report.previous.title, report.assessment.title],
        [[f"{c} {report.dimension_names[c]}", fmt(before.get(c)), fmt(now.get(c))] for c in codes],
    )
