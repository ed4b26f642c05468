"""Charts of the scores themselves: the maturity ladder, every group on every dimension, responses."""

from __future__ import annotations

import plotly.graph_objects as go

from ..report import Report
from ..rows import GROUP_WORDS, LevelRow, ScoreRow, group_label
from .base import (
    GROUP_COLOURS,
    SCORE_COLUMN,
    STAKEHOLDERS_COLOUR,
    WEIGHTED_NOTE,
    Chart,
    fmt,
    html,
    names_axis,
    ranked_bars,
)

LEVEL_NOTE = (
    "A level's score is the mean of its measured dimensions' {whose} scores; each dimension's n and "
    "95 % interval are in the table of “Every group on every dimension”."
)


def _ladder_phone(desktop: go.Figure, rows: list[LevelRow]) -> go.Figure:
    """The ladder for a phone: "Level 1" beside each bar (its name is on the cards above the chart)."""
    phone = go.Figure(desktop)
    phone.update_traces(y=[f"Level {row.level}" for row in rows])
    phone.update_xaxes(range=[0, 135], tickvals=[0, 50, 100], title="Level score")
    phone.update_layout(height=220)
    return phone


def ladder(report: Report) -> Chart:
    result = report.result
    threshold, floor = result.settings.level_threshold, result.settings.dimension_floor
    rows = report.levels
    colours = ["#198754" if row.attained else "#fd7e14" if row.is_next else "#adb5bd" for row in rows]
    hover = []
    for row in rows:
        text = f"{row.title}<br>"
        text += f"{fmt(row.score)}, the mean of {row.measured} measured dimensions" if row.measured else "no score"
        if row.not_measured:
            text += "<br>Not measured: " + "; ".join(str(nm) for nm in row.not_measured)
        hover.append(text)
    figure = go.Figure(
        go.Bar(
            x=[row.score or 0 for row in rows],
            y=[row.title for row in rows],
            orientation="h",
            marker_color=colours,
            text=[fmt(row.score) + (" ✓ attained" if row.attained else "") for row in rows],
            # Outside the bar's end, so the threshold line never runs through the label.
            textposition="outside",
            cliponaxis=False,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    figure.add_vline(
        x=threshold,
        line_dash="dash",
        line_color="#495057",
        annotation_text=f"{threshold:.0f} needed",
        annotation_position="bottom left",
    )
    figure.update_xaxes(range=[0, 118], tickvals=[0, 20, 40, 60, 80, 100], title="Level score (0-100)")
    figure.update_yaxes(autorange="reversed", automargin=True)
    reading = f"The company is at level {report.maturity_level}: {report.maturity_name.lower()}."
    if report.next_level is not None:
        nxt = rows[report.next_level - 1]
        if nxt.score is None:
            reading += f" Level {nxt.level} has no measured dimension yet."
        else:
            reading += (
                f" Level {nxt.level} scores {fmt(nxt.score)} on its {nxt.measured} measured dimensions; it needs "
                f"{threshold:.0f}, with every one of its dimensions at {floor:.0f} or more."
            )
        if nxt.not_measured:
            reading += (
                f" No level is awarded on missing evidence, so level {nxt.level} waits until every one of its "
                "dimensions is measured. Not measured: " + "; ".join(str(nm) for nm in nxt.not_measured) + "."
            )
    return Chart(
        "ladder",
        "Maturity ladder",
        reading,
        html(figure, "ladder", 260, _ladder_phone(figure, rows)),
        ["Level", "Score", "Attained", "Not measured"],
        [
            [
                row.title,
                fmt(row.score),
                "yes" if row.attained else "no",
                "; ".join(str(nm) for nm in row.not_measured) or "–",
            ]
            for row in rows
        ],
        LEVEL_NOTE.format(whose="management's (self-assessed only)" if result.self_assessed_only else "stakeholder"),
    )


def _basis(rows: list[ScoreRow]) -> tuple[ScoreRow, str] | None:
    """The row the "weakest dimensions" sentence reads, and how to name it."""
    for row in rows:
        if row.key == "stakeholders":
            return row, "across stakeholders"
    stakeholders = [row for row in rows if row.key != "management"]
    if len(stakeholders) == 1:
        return stakeholders[0], f"in {GROUP_WORDS[stakeholders[0].key]}' answers"
    if not stakeholders and rows:
        return rows[0], "in management's self-assessment"
    return None


def _table(report: Report, rows: list[ScoreRow]) -> tuple[list[str], list[list[str]], str]:
    codes = report.dimensions.framework.codes
    headers = ["Dimension", *[f"{row.label}: {SCORE_COLUMN}" for row in rows]]
    body = [
        [report.dimensions.name(c), *[row.scores[c].short if c in row.scores else "–" for row in rows]] for c in codes
    ]
    note = WEIGHTED_NOTE
    if any(score.alpha is not None for row in rows for score in row.scores.values()):
        note += (
            f" α is Cronbach's alpha, how consistently a group answered a dimension's questions, shown where "
            f"{report.result.settings.alpha_min_n} or more respondents answered all of them; 0.7 or more is "
            "usually taken as reliable."
        )
    return headers, body, note


def _hover(report: Report, row: ScoreRow, code: str) -> str:
    name = report.dimensions.name(code)
    score = row.scores.get(code)
    return f"{row.label}<br>{name}: " + (score.long if score is not None else "not asked or no answers")


def heatmap(report: Report) -> Chart:
    codes = list(report.dimensions.framework.codes)
    rows = report.score_rows
    z = [[row.scores[c].value if c in row.scores else None for c in codes] for row in rows]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=codes,
            y=[row.label for row in rows],
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            text=[[fmt(v) if v is not None else "" for v in line] for line in z],
            texttemplate="%{text}",
            customdata=[[_hover(report, row, c) for c in codes] for row in rows],
            hovertemplate="%{customdata}<extra></extra>",
            colorbar={"title": "score"},
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(tickangle=-45, automargin=True, **names_axis(report, codes))
    reading = "Green is strong, red is weak; an empty cell was not asked of that group or had no answers."
    basis = _basis(rows)
    if basis is not None:
        row, where = basis
        weakest = sorted(row.scores.items(), key=lambda kv: kv[1].value)[:3]
        if weakest:
            reading += (
                f" The weakest dimensions {where} are "
                + ", ".join(f"{report.dimensions.name(c)}, {s.long}" for c, s in weakest)
                + "."
            )
    headers, body, note = _table(report, rows)
    return Chart(
        "heatmap",
        "Every group on every dimension",
        reading,
        html(figure, "heatmap", 220 + 45 * max(1, len(rows)), ranked_bars(report, "stakeholders, weighted")),
        headers,
        body,
        note,
    )


def radar(report: Report) -> Chart:
    codes = list(report.dimensions.framework.codes)
    figure = go.Figure()
    rows = report.score_rows
    loop = codes + codes[:1]
    for row in rows:
        figure.add_trace(
            go.Scatterpolar(
                r=[row.scores[c].value if c in row.scores else None for c in loop],
                theta=loop,
                name=row.label,
                line={
                    "color": GROUP_COLOURS.get(row.key, STAKEHOLDERS_COLOUR),
                    "width": 3 if row.key == "stakeholders" else 1.5,
                },
                customdata=[_hover(report, row, c) for c in loop],
                hovertemplate="%{customdata}<extra></extra>",
                connectgaps=True,
            )
        )
    figure.update_layout(polar={"radialaxis": {"range": [0, 100]}, "angularaxis": names_axis(report, codes)})
    reading = (
        "Each line is one group's view of the company; the further out, the better. "
        "Where lines part, groups see the company differently."
    )
    headers, body, note = _table(report, rows)
    return Chart(
        "radar",
        "Dimensions as each group sees them",
        reading,
        html(figure, "radar", 460, ranked_bars(report, "stakeholders, weighted")),
        headers,
        body,
        note,
    )


def responses(report: Report) -> Chart:
    result = report.result
    rows = []
    suppressed = []
    for progress in report.campaigns:
        name = progress.campaign.group
        group = result.groups.get(name)
        label = group_label(name)
        if group is not None and group.suppressed:
            suppressed.append(label)
            continue
        submitted, invited = progress.submitted, progress.invited
        rate = f"{100 * submitted / invited:.0f}%" if invited else "open link"
        rows.append((label, submitted, rate, name))
    figure = go.Figure(
        go.Bar(
            x=[r[0] for r in rows],
            y=[r[1] for r in rows],
            marker_color=[GROUP_COLOURS[r[3]] for r in rows],
            text=[str(r[1]) for r in rows],
            textposition="auto",
            customdata=[r[2] for r in rows],
            hovertemplate="%{x}: %{y} submitted (response rate: %{customdata})<extra></extra>",
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
        html(figure, "responses", 300),
        ["Group", "Submitted (n)", "Response rate"],
        [[r[0], str(r[1]), r[2]] for r in rows],
    )
