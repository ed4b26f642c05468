"""Charts that compare: management against stakeholders, customer segments, the previous assessment.

Every difference shown is taken between the two figures shown beside it (rows.Score rounds them once)."""

from __future__ import annotations

from html import escape as as_text

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from ..report import Report
from ..rows import Score, segment_label, segment_value, shown, signed
from .base import ROW_HEIGHT, SCORE_COLUMN, WEIGHTED_NOTE, Chart, html, names_axis, values, wrapped

KIND_COLOURS = {"blind_spot": "#dc3545", "hidden_strength": "#198754", None: "#6c757d"}


def _gaps_title() -> str:
    return _("Management's view against stakeholders'")


def _column(title: str) -> str:
    return _("%(title)s: %(column)s") % {"title": title, "column": SCORE_COLUMN}


def gaps(report: Report) -> Chart | None:
    result = report.result
    if result.self_assessed_only:
        return Chart(
            "gaps",
            _gaps_title(),
            _("Only the management self-assessment has results so far, so there is nothing to compare it with yet."),
            "",
        )
    # Only where both sides are measured: a dimension missing on either side has no gap.
    rows = sorted(report.gaps, key=lambda r: -r.gap.gap)
    if not rows:
        return None
    codes = [r.gap.dimension for r in rows]
    limit = result.settings.blind_spot_gap
    differences = [r.gap.gap for r in rows]
    # Room beyond the longest bar on each side for its label (a third of the span: "+55" needs ~25 px of a
    # phone's ~150 px plot), so no label runs into the names or off the chart.
    low, high = min(-limit, *differences), max(limit, *differences)
    room = (high - low) * 0.3 + 4
    figure = go.Figure(
        go.Bar(
            x=differences,
            y=codes,
            orientation="h",
            marker_color=[KIND_COLOURS[r.gap.kind] for r in rows],
            text=[signed(d) for d in differences],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                f"{r.name}<br>"
                + _(
                    "management %(management)s<br>stakeholders %(stakeholders)s<br>"
                    "management minus stakeholders: %(gap)s"
                )
                % {"management": r.management.long, "stakeholders": r.stakeholder.long, "gap": signed(r.gap.gap)}
                for r in rows
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    # The band within the limit, shaded below the bars: no line runs through a bar's label.
    figure.add_vrect(x0=-limit, x1=limit, fillcolor="#e9ecef", line_width=0, layer="below")
    figure.update_xaxes(
        title=wrapped(_("Management score minus stakeholder score"), 28),
        zeroline=True,
        zerolinecolor="#6c757d",
        range=[shown(low - room), shown(high + room)],
    )
    figure.update_yaxes(autorange="reversed", **names_axis(report, codes))
    blind = [r for r in rows if r.gap.kind == "blind_spot"]
    hidden = [r for r in rows if r.gap.kind == "hidden_strength"]
    parts = []
    if blind:
        parts.append(
            _(
                "Management rates itself at least %(limit)s points higher than its stakeholders on %(dimensions)s: "
                "these are blind spots."
            )
            % {"limit": f"{limit:.0f}", "dimensions": ", ".join(f"{r.name} ({signed(r.gap.gap)})" for r in blind)}
        )
    if hidden:
        parts.append(
            _("Stakeholders rate the company higher than management does on %(dimensions)s: hidden strengths.")
            % {"dimensions": ", ".join(r.name for r in hidden)}
        )
    if not parts:
        parts.append(
            _("Management's view is within %(limit)s points of its stakeholders' on every dimension.")
            % {"limit": f"{limit:.0f}"}
        )
    parts.append(
        _(
            "The grey band marks gaps of less than %(limit)s points either way. A dimension that management or the "
            "stakeholders did not score has no gap."
        )
        % {"limit": f"{limit:.0f}"}
    )
    return Chart(
        "gaps",
        _gaps_title(),
        " ".join(parts),
        html(figure, "gaps", 110 + ROW_HEIGHT * len(rows)),
        [_("Dimension"), _column(_("Management")), _column(_("Stakeholders")), _("Gap"), _("Reading")],
        [[r.name, r.management.short, r.stakeholder.short, signed(r.gap.gap), r.reading] for r in rows],
        str(WEIGHTED_NOTE),
    )


def _segment_reading(report: Report, question: str) -> str:
    result = report.result
    limit = result.settings.segment_spread
    reading = _("Customers split by %(question)s.") % {"question": segment_label(question)}
    flagged = report.departmentalise
    wide = sorted((s for s in result.spreads if s.spread >= limit - 1e-9), key=lambda s: -s.spread)
    if flagged:
        top = flagged[0]
        reading += f" {top.sentence}."
        if report.departmentalisation == "now":
            reading += " " + (
                _(
                    "Segments this different may be better served by organising around customer groups "
                    "(see the roadmap)."
                )
                if report.maturity
                else _("Segments this different may be better served by organising around customer groups.")
            )
        else:
            reading += " " + (
                _(
                    "For later: once level 2 is reached, organising around customer groups may serve them better "
                    "(see “For later” in the roadmap)."
                )
                if report.maturity
                else _("For later: once level 2 is reached, organising around customer groups may serve them better.")
            )
    elif wide:
        # No advice: scoring did not call for it, and intervals that overlap may mean chance.
        row = report.spread_row(wide[0])
        parts = {"name": row.name, "points": f"{row.points:.0f}"}
        if wide[0].separated:
            reading += " " + _("On %(name)s segments differ by %(points)s points.") % parts
        else:
            reading += (
                " "
                + _(
                    "On %(name)s segments differ by %(points)s points, but their 95 %% intervals overlap, so the "
                    "difference may be chance."
                )
                % parts
            )
    else:
        reading += " " + _("No dimension differs by %(limit)s points or more between segments.") % {
            "limit": f"{limit:.0f}"
        }
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
    segments_of = [s for s in result.segments if s.question == question]
    shown_segments = [s for s in segments_of if not s.suppressed]
    codes = [c for c in report.dimensions.framework.codes if any(c in s.dimensions for s in shown_segments)]
    names = [f"{segment_value(s.value)} (n={s.responses})" for s in shown_segments]
    scores = [
        [Score(s.dimensions[c], s.n[c], s.ci95.get(c)) if c in s.dimensions else None for c in codes]
        for s in shown_segments
    ]
    figure = go.Figure()
    for segment, name, line in zip(shown_segments, names, scores, strict=True):
        figure.add_trace(
            go.Bar(
                x=values(line),
                y=codes,
                orientation="h",
                name=name,
                customdata=[
                    f"{report.dimensions.name(c)}<br>{segment_value(segment.value)}: "
                    + (s.long if s is not None else _("no answers"))
                    for c, s in zip(codes, line, strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_xaxes(range=[0, 104], tickvals=[0, 25, 50, 75, 100], title=_("score"))
    figure.update_yaxes(autorange="reversed", **names_axis(report, codes))
    reading = _segment_reading(report, question)
    hidden = [segment_value(s.value) for s in segments_of if s.suppressed]
    if hidden:
        reading += " " + _("Not shown, to protect anonymity: %(segments)s.") % {"segments": ", ".join(hidden)}
    rows = [
        [report.dimensions.name(c), *[line[i].short if line[i] is not None else "–" for line in scores]]  # type: ignore[union-attr]
        for i, c in enumerate(codes)
    ]
    per_row = max(ROW_HEIGHT, 10 + 9 * len(shown_segments))
    return Chart(
        "segments",
        _("Customer segments: %(question)s") % {"question": segment_label(question)},
        reading,
        html(figure, "segments", 110 + per_row * len(codes)),
        [_("Dimension"), *[_column(name) for name in names]],
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
            f"{report.dimensions.name(c)}<br>{title}: " + (scores[c].long if c in scores else _("not measured"))
            for c in codes
        ]

    figure = go.Figure(
        [
            go.Bar(
                x=values([before.get(c) for c in codes]),
                y=codes,
                orientation="h",
                name=titles[0],
                marker_color="#adb5bd",
                customdata=hover(before, titles[0]),
                hovertemplate="%{customdata}<extra></extra>",
            ),
            go.Bar(
                x=values([now.get(c) for c in codes]),
                y=codes,
                orientation="h",
                name=titles[1],
                marker_color="#0d6efd",
                customdata=hover(now, titles[1]),
                hovertemplate="%{customdata}<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_xaxes(range=[0, 104], tickvals=[0, 25, 50, 75, 100], title=_("score (0-100)"))
    figure.update_yaxes(autorange="reversed", **names_axis(report, codes))
    # Both figures are the shown, rounded ones: the change is their difference.
    changes = sorted(((now[c].value - before[c].value, c) for c in codes if c in now and c in before), reverse=True)
    reading = ""
    if report.maturity:
        reading = _("Maturity level %(before)s in %(title)s, %(now)s now.") % {
            "before": report.previous_result.maturity_level,
            "title": titles[0],
            "now": report.maturity_level,
        }
    if changes:
        best, worst = changes[0], changes[-1]
        reading += " " + _(
            "Most improved: %(best)s (%(best_before)s → %(best_now)s, %(best_change)s); least: %(worst)s "
            "(%(worst_before)s → %(worst_now)s, %(worst_change)s). A change that stays within the two 95 %% "
            "intervals (see the table) may be chance."
        ) % {
            "best": report.dimensions.name(best[1]),
            "best_before": f"{before[best[1]].value:.0f}",
            "best_now": f"{now[best[1]].value:.0f}",
            "best_change": signed(best[0]),
            "worst": report.dimensions.name(worst[1]),
            "worst_before": f"{before[worst[1]].value:.0f}",
            "worst_now": f"{now[worst[1]].value:.0f}",
            "worst_change": signed(worst[0]),
        }
    return Chart(
        "trend",
        _("Since %(title)s") % {"title": titles[0]},
        reading.strip(),
        html(figure, "trend", 110 + ROW_HEIGHT * len(codes)),
        [_("Dimension"), _column(titles[0]), _column(titles[1]), _("Change")],
        [
            [
                report.dimensions.name(c),
                before[c].short if c in before else "–",
                now[c].short if c in now else "–",
                signed(now[c].value - before[c].value) if c in now and c in before else "–",
            ]
            for c in codes
        ],
        str(WEIGHTED_NOTE),
    )
