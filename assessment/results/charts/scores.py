"""Charts of the scores themselves: the maturity ladder, every group on every dimension, responses."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..report import Report
from ..rows import GROUP_WORDS, LevelRow, ScoreRow, exact, group_label
from .base import (
    GROUP_COLOURS,
    ROW_HEIGHT,
    SCORE_COLUMN,
    STAKEHOLDERS_COLOUR,
    WEIGHTED_NOTE,
    Chart,
    fmt,
    html,
    names_axis,
    ranked_bars,
    values,
    wrapped,
)

# Below this width (px) the radar's sixteen names cannot sit around it: a dot per group and dimension instead.
RADAR_WIDTH = 900


def _ladder_phone(desktop: go.Figure, rows: list[LevelRow]) -> go.Figure:
    """The ladder for a phone: "Level 1" beside each bar (its name is on the cards above the chart)."""
    phone = go.Figure(desktop)
    phone.update_traces(y=[_("Level %(level)s") % {"level": row.level} for row in rows])
    phone.update_xaxes(range=[0, 135], tickvals=[0, 50, 100], title=_("Level score"))
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
        if row.measured:
            text += ngettext(
                "%(score)s, the mean of %(count)s measured dimension",
                "%(score)s, the mean of %(count)s measured dimensions",
                row.measured,
            ) % {"score": exact(row.score), "count": row.measured}
        else:
            text += _("no score")
        if row.not_measured:
            text += "<br>" + _("Not measured: %(dimensions)s") % {"dimensions": "; ".join(map(str, row.not_measured))}
        hover.append(text)
    attained = _("✓ attained")
    figure = go.Figure(
        go.Bar(
            x=[row.score or 0 for row in rows],
            y=[row.title for row in rows],
            orientation="h",
            marker_color=colours,
            text=[exact(row.score) + (f" {attained}" if row.attained else "") for row in rows],
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
        annotation_text=_("%(threshold)s needed") % {"threshold": exact(threshold)},
        annotation_position="bottom left",
    )
    figure.update_xaxes(range=[0, 118], tickvals=[0, 20, 40, 60, 80, 100], title=_("Level score (0-100)"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    reading = _("The company is at level %(level)s: %(name)s.") % {
        "level": report.maturity_level,
        "name": report.maturity_name.lower(),
    }
    if report.next_level is not None:
        nxt = rows[report.next_level - 1]
        if nxt.score is None:
            reading += " " + _("Level %(level)s has no measured dimension yet.") % {"level": nxt.level}
        else:
            reading += " " + ngettext(
                "Level %(level)s scores %(score)s on its %(count)s measured dimension; it needs %(threshold)s, "
                "with every one of its dimensions at %(floor)s or more.",
                "Level %(level)s scores %(score)s on its %(count)s measured dimensions; it needs %(threshold)s, "
                "with every one of its dimensions at %(floor)s or more.",
                nxt.measured,
            ) % {
                "level": nxt.level,
                "score": exact(nxt.score),
                "count": nxt.measured,
                "threshold": exact(threshold),
                "floor": exact(floor),
            }
        if nxt.not_measured:
            reading += " " + _(
                "No level is awarded on missing evidence, so level %(level)s waits until every one of its "
                "dimensions is measured. Not measured: %(dimensions)s."
            ) % {"level": nxt.level, "dimensions": "; ".join(map(str, nxt.not_measured))}
    whose = _("management's (self-assessed only)") if result.self_assessed_only else _("stakeholder")
    return Chart(
        "ladder",
        _("Maturity ladder"),
        reading,
        html(figure, "ladder", 260, _ladder_phone(figure, rows)),
        [_("Level"), _("Score"), _("Attained"), _("Not measured")],
        [
            [
                row.title,
                exact(row.score),
                _("yes") if row.attained else _("no"),
                "; ".join(str(nm) for nm in row.not_measured) or "–",
            ]
            for row in rows
        ],
        _(
            "A level's score is the mean of its measured dimensions' %(whose)s scores; each dimension's n and "
            "95 %% interval are in the table of “Every group on every dimension”."
        )
        % {"whose": whose},
    )


def _basis(rows: list[ScoreRow]) -> tuple[ScoreRow, str] | None:
    """The row the "weakest dimensions" sentence reads, and how to name it."""
    for row in rows:
        if row.key == "stakeholders":
            return row, _("across stakeholders")
    stakeholders = [row for row in rows if row.key != "management"]
    if len(stakeholders) == 1:
        return stakeholders[0], _("in %(group)s' answers") % {"group": GROUP_WORDS[stakeholders[0].key]}
    if not stakeholders and rows:
        return rows[0], _("in management's self-assessment")
    return None


def _table(report: Report, rows: list[ScoreRow]) -> tuple[list[str], list[list[str]], str]:
    codes = report.dimensions.framework.codes
    headers = [_("Dimension"), *[f"{row.label}: {SCORE_COLUMN}" for row in rows]]
    body = [
        [report.dimensions.name(c), *[row.scores[c].short if c in row.scores else "–" for row in rows]] for c in codes
    ]
    note = str(WEIGHTED_NOTE)
    if any(score.alpha is not None for row in rows for score in row.scores.values()):
        note += " " + _(
            "α is Cronbach's alpha, how consistently a group answered a dimension's questions, shown where "
            "%(n)s or more respondents answered all of them; 0.7 or more is usually taken as reliable."
        ) % {"n": report.result.settings.alpha_min_n}
    return headers, body, note


def _hover(report: Report, row: ScoreRow, code: str) -> str:
    name = report.dimensions.name(code)
    score = row.scores.get(code)
    return f"{row.label}<br>{name}: " + (score.long if score is not None else _("not asked or no answers"))


def heatmap(report: Report) -> Chart:
    """Dimensions down, groups across (a table's shape): the names stay level and readable; a phone ranks the
    stakeholders' scores in bars instead."""
    codes = list(report.dimensions.framework.codes)
    rows = report.score_rows
    z = [values([row.scores.get(c) for row in rows]) for c in codes]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[row.key for row in rows],
            y=codes,
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            showscale=False,
            text=[[fmt(v) if v is not None else "" for v in line] for line in z],
            texttemplate="%{text}",
            customdata=[[_hover(report, row, c) for row in rows] for c in codes],
            hovertemplate="%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_xaxes(
        side="top",
        tickmode="array",
        tickvals=[row.key for row in rows],
        ticktext=[wrapped(row.label, 11, hyphens=True) for row in rows],
        tickangle=0,
        tickfont={"size": 11},
        automargin=True,
    )
    figure.update_yaxes(autorange="reversed", **names_axis(report, codes))
    reading = _("Green is strong, red is weak; an empty cell was not asked of that group or had no answers.")
    phone_reading = _(
        "Each bar is one dimension's score for the stakeholders together (weighted), the strongest at the top; "
        "every group's scores are in the table."
    )
    basis = _basis(rows)
    if basis is not None:
        row, where = basis
        weakest = sorted(row.scores.items(), key=lambda kv: kv[1].value)[:3]
        if weakest:
            sentence = _("The weakest dimensions %(where)s are %(dimensions)s.") % {
                "where": where,
                "dimensions": ", ".join(f"{report.dimensions.name(c)}, {s.long}" for c, s in weakest),
            }
            reading, phone_reading = f"{reading} {sentence}", f"{phone_reading} {sentence}"
    headers, body, note = _table(report, rows)
    return Chart(
        "heatmap",
        _("Every group on every dimension"),
        reading,
        html(figure, "heatmap", 90 + ROW_HEIGHT * len(codes), ranked_bars(report, _("stakeholders, weighted"))),
        headers,
        body,
        note,
        phone_reading=phone_reading,
    )


def _dots(report: Report, rows: list[ScoreRow]) -> go.Figure:
    """The radar's narrow form: one line per dimension, a dot per group on it; where dots part, groups see
    the company differently."""
    codes = list(report.dimensions.framework.codes)
    figure = go.Figure()
    for row in rows:
        figure.add_trace(
            go.Scatter(
                x=values([row.scores.get(c) for c in codes]),
                y=codes,
                mode="markers",
                cliponaxis=False,
                name=row.label,
                marker={
                    "color": GROUP_COLOURS.get(row.key, STAKEHOLDERS_COLOUR),
                    "size": 11 if row.key == "stakeholders" else 8,
                    "symbol": "diamond" if row.key == "stakeholders" else "circle",
                },
                customdata=[_hover(report, row, c) for c in codes],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    figure.update_xaxes(range=[0, 104], tickvals=[0, 25, 50, 75, 100], title=_("score"))
    figure.update_yaxes(autorange="reversed", gridcolor="#dee2e6", **names_axis(report, codes))
    figure.update_layout(height=120 + ROW_HEIGHT * len(codes))
    return figure


def radar(report: Report) -> Chart:
    codes = list(report.dimensions.framework.codes)
    figure = go.Figure()
    rows = report.score_rows
    loop = codes + codes[:1]
    for row in rows:
        figure.add_trace(
            go.Scatterpolar(
                r=values([row.scores.get(c) for c in loop]),
                theta=loop,
                name=row.label,
                line={
                    "color": GROUP_COLOURS.get(row.key, STAKEHOLDERS_COLOUR),
                    "width": 4 if row.key == "stakeholders" else 2,
                },
                customdata=[_hover(report, row, c) for c in loop],
                hovertemplate="%{customdata}<extra></extra>",
                connectgaps=True,
            )
        )
    # The radial axis's numbers run between the first two names, not through the first one.
    angle = 90 - 180 // max(1, len(codes))
    figure.update_layout(
        polar={
            "radialaxis": {"range": [0, 100], "angle": angle, "tickangle": angle, "tickvals": [25, 50, 75, 100]},
            "angularaxis": {
                "tickmode": "array",
                "tickvals": codes,
                "ticktext": [wrapped(report.dimensions.name(c), 18) for c in codes],
                "rotation": 90,
                "direction": "clockwise",
            },
        },
        margin={"l": 120, "r": 120, "t": 90, "b": 90},
    )
    # Beside the radar, where no dimension's name reaches (plotly widens the margin for it).
    figure.update_layout(legend={"orientation": "v", "x": 1, "xanchor": "left", "y": 1, "yanchor": "top"})
    reading = _(
        "Each line is one group's view of the company; the further out, the better. "
        "Where lines part, groups see the company differently."
    )
    headers, body, note = _table(report, rows)
    return Chart(
        "radar",
        _("Dimensions as each group sees them"),
        reading,
        html(figure, "radar", 680, _dots(report, rows), below=RADAR_WIDTH),
        headers,
        body,
        note,
        phone_reading=_(
            "Each row is one dimension, with a dot for each group's score (0 to 100, higher is better). "
            "Where the dots part, groups see the company differently."
        ),
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
        if name == "management":
            rate = _("self-assessment")  # managers answer through their own page, not through a link
        else:
            rate = f"{100 * submitted / invited:.0f}%" if invited else _("open link")
        rows.append((label, submitted, rate, name))
    figure = go.Figure(
        go.Bar(
            x=[r[1] for r in rows],
            y=[wrapped(r[0], 16) for r in rows],
            orientation="h",
            marker_color=[GROUP_COLOURS[r[3]] for r in rows],
            text=[str(r[1]) for r in rows],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                _("%(group)s: %(count)s submitted (response rate: %(rate)s)")
                % {"group": r[0], "count": r[1], "rate": r[2]}
                for r in rows
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    most = max((r[1] for r in rows), default=0)
    figure.update_xaxes(title=_("submitted responses"), range=[0, max(1, most) * 6 // 5 + 1], rangemode="tozero")
    figure.update_yaxes(autorange="reversed", automargin=True)
    reading = _("Submitted responses per group.") + " " + "; ".join(f"{r[0]}: {r[1]} ({r[2]})" for r in rows) + "."
    if suppressed:
        reading += " " + _("Not enough responses to protect anonymity: %(groups)s.") % {"groups": ", ".join(suppressed)}
    return Chart(
        "responses",
        _("Responses"),
        reading,
        html(figure, "responses", 90 + 40 * max(1, len(rows))),
        [_("Group"), _("Submitted (n)"), _("Response rate")],
        [[r[0], str(r[1]), r[2]] for r in rows],
    )
