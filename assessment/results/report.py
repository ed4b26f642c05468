"""Everything the report page shows, gathered in a fixed number of queries, and only what a consultant
can sign: scores with n and 95 % interval, dimensions by name, no level claimed on missing evidence."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.utils.translation import gettext

from .. import scoring
from ..assessments.models import Assessment
from ..assessments.selectors import previous_assessment
from ..campaigns.selectors import CampaignProgress, campaigns_with_progress
from ..groups import Group
from ..instruments import texts
from ..instruments.selectors import Dimensions, dimensions
from ..organisations.access import Access
from ..roadmap.models import Action
from .benchmarks import Benchmark, benchmark
from .models import PublishedResult
from .rows import (
    GROUP_WORDS,
    NPS_TITLES,
    SCALE,
    CarriedAction,
    CommentBlock,
    GapRow,
    LevelRow,
    NotMeasured,
    NpsFigure,
    RoadmapItem,
    Score,
    ScoreRow,
    SpreadRow,
    group_label,
    judged,
    shown,
    shown_gap,
    stakeholder_scores,
    survey,
)
from .selectors import assessment_result, latest_published, published_result, shown_figures

MIN_COMMENTS = 10


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    result: scoring.AssessmentResult
    nps: dict[str, dict[str, float]]
    campaigns: list[CampaignProgress]
    previous: Assessment | None
    previous_result: scoring.AssessmentResult | None
    roadmap: list[RoadmapItem]
    carried_actions: list[CarriedAction]
    actions: list[Action]
    dimensions: Dimensions
    comments: list[CommentBlock]
    # The maturity ladder and plan weigh every group: a partial view (HR's) shows neither.
    maturity: bool = True
    # What is shown: a published snapshot, or the live draft (None); the assessment's publications.
    published: PublishedResult | None = None
    publications: tuple[PublishedResult, ...] = ()
    targets: dict[str, float] = field(default_factory=dict)
    commentary: dict[str, str] = field(default_factory=dict)  # dimension code, or "" for the whole report
    benchmark: Benchmark | None = None

    @property
    def overall_commentary(self) -> str:
        return self.commentary.get("", "")

    @property
    def dimension_commentary(self) -> list[tuple[str, str]]:
        return [(self.dimensions.name(code), text) for code, text in self.commentary.items() if code]

    @property
    def target_rows(self) -> list[tuple[str, str, float, float | None, float | None]]:
        """(code, name, target, today's stakeholder score, points to go) per dimension with a target, as shown:
        the points to go are the difference of the two shown figures."""
        rows = []
        for code, target in self.targets.items():
            today = self.stakeholder[code].value if code in self.stakeholder else None
            to_go = None if today is None else max(0, shown(target) - today)
            rows.append((code, self.dimensions.name(code), shown(target), today, to_go))
        return rows

    scale = SCALE

    @property
    def has_results(self) -> bool:
        """Some group, management included, has scores that may be shown."""
        return any(group.dimensions for group in self.result.groups.values() if not group.suppressed)

    @cached_property
    def maturity_level(self) -> int:
        """The highest attained level, never one with a dimension not measured (whatever handed it over)."""
        level = 0
        for lv in self.result.levels:
            if not (lv.attained and not lv.not_measured) or lv.level != level + 1:
                break
            level = lv.level
        return min(level, self.result.maturity_level)

    @property
    def maturity_name(self) -> str:
        return texts.maturity_name(self.maturity_level)

    @property
    def next_level(self) -> int | None:
        return self.maturity_level + 1 if self.maturity_level < 3 else None

    @cached_property
    def not_measured(self) -> dict[str, NotMeasured]:
        return {code: NotMeasured(self.dimensions.name(code), g) for code, g in self.result.not_measured.items()}

    @cached_property
    def levels(self) -> list[LevelRow]:
        described = texts.levels()
        return [
            LevelRow(
                level=lv.level,
                name=described[lv.level]["name"],
                description=described[lv.level]["description"],
                # Beside "N needed": on the threshold's side that the score itself is on.
                score=judged(lv.score, self.result.settings.level_threshold),
                # No level is claimed on missing evidence, whatever the scores of the rest.
                attained=lv.attained and not lv.not_measured,
                is_next=lv.level == self.next_level,
                measured=len(lv.dimensions),
                not_measured=tuple(self.not_measured[c] for c in lv.not_measured if c in self.not_measured),
            )
            for lv in self.result.levels
        ]

    @cached_property
    def stakeholder(self) -> dict[str, Score]:
        return stakeholder_scores(self.result)

    @cached_property
    def previous_stakeholder(self) -> dict[str, Score]:
        return stakeholder_scores(self.previous_result) if self.previous_result is not None else {}

    @cached_property
    def score_rows(self) -> list[ScoreRow]:
        """Each unsuppressed group's scores, plus the weighted stakeholder view when it adds something."""
        rows = []
        for name, group in self.result.groups.items():
            if not group.suppressed and group.dimensions:
                scores = {c: s for c, d in group.dimensions.items() if (s := Score.of(d)) is not None}
                rows.append(ScoreRow(name, group_label(name), scores))
        # The weighted view only adds something when more than one stakeholder group is shown.
        stakeholders = sum(row.key != scoring.MANAGEMENT for row in rows)
        if self.stakeholder and not self.result.self_assessed_only and stakeholders > 1:
            rows.append(ScoreRow("stakeholders", gettext("All stakeholders (weighted)"), self.stakeholder))
        return rows

    @cached_property
    def gaps(self) -> list[GapRow]:
        """Perception gaps, only where both management and the stakeholders have a score."""
        if self.result.self_assessed_only:
            return []
        management = self.result.groups.get(scoring.MANAGEMENT)
        if management is None or management.suppressed:
            return []
        rows = []
        limit = self.result.settings.blind_spot_gap
        for code, gap in self.result.gaps.items():
            own = management.dimensions.get(code)
            score = Score.of(own) if own is not None else None
            if score is not None and code in self.stakeholder:
                theirs = self.stakeholder[code]
                rows.append(GapRow(shown_gap(gap, score, theirs, limit), self.dimensions.name(code), score, theirs))
        return rows

    @property
    def blind_spots(self) -> list[GapRow]:
        spots = [row for row in self.gaps if row.gap.kind == "blind_spot"]
        return sorted(spots, key=lambda row: -row.gap.gap)[:3]

    @property
    def first_steps(self) -> list[RoadmapItem]:
        return [item for item in self.roadmap if item.step.stage == 1][:3]

    @property
    def stages(self) -> list[tuple[int, list[RoadmapItem]]]:
        stages: dict[int, list[RoadmapItem]] = {}
        for item in self.roadmap:
            stages.setdefault(item.step.stage, []).append(item)
        return sorted(stages.items())

    @property
    def suppressed(self) -> list[str]:
        return [group_label(name) for name, g in self.result.groups.items() if g.suppressed]

    @property
    def waiting(self) -> list[tuple[str, int, int]]:
        """Groups whose figures wait for more responses before they move on (scoring.stepping): the group,
        the responses its figures hold, the responses submitted."""
        if self.published is not None:
            return []
        rows = []
        for progress in self.campaigns:
            group = self.result.groups.get(progress.campaign.group)
            shown = group.responses if group is not None else 0
            if shown != progress.submitted:
                rows.append((group_label(progress.campaign.group), shown, progress.submitted))
        return rows

    @property
    def nps_figures(self) -> list[NpsFigure]:
        """Customers' NPS and employees' eNPS apart: they ask different people different questions."""
        order = {name: i for i, name in enumerate(Group.values)}
        return [
            NpsFigure(
                g,
                str(NPS_TITLES.get(g, gettext("Net promoter score: %(group)s") % {"group": group_label(g)})),
                str(GROUP_WORDS[g]),
                v["nps"],
                int(v["n"]),
            )
            for g, v in sorted(self.nps.items(), key=lambda kv: order.get(kv[0], len(order)))
        ]

    @property
    def departmentalisation(self) -> str | None:
        """Scoring's call: now, later (below level 2, preparation for later stages) or None."""
        return self.result.departmentalisation

    @property
    def departmentalise(self) -> list[SpreadRow]:
        if self.result.departmentalisation is None:
            return []
        spreads = sorted((s for s in self.result.spreads if s.departmentalise), key=lambda s: -s.spread)
        return [self.spread_row(s) for s in spreads]

    def segment_score(self, question: str, value: str, code: str) -> float:
        """One segment's score on a dimension, unrounded (SpreadRow and the segment chart round it)."""
        for segment in self.result.segments:
            if segment.question == question and value == segment.value and code in segment.dimensions:
                return segment.dimensions[code]
        raise LookupError(f"no score of segment {question}={value} on {code}")

    def spread_row(self, spread: scoring.SegmentSpread) -> SpreadRow:
        """Scoring takes a spread's extremes from the segments it scored, so both scores are there."""
        high = self.segment_score(spread.question, spread.highest, spread.dimension)
        low = self.segment_score(spread.question, spread.lowest, spread.dimension)
        return SpreadRow(spread, self.dimensions.name(spread.dimension), high, low)

    @property
    def departmentalisation_advice(self) -> dict[str, object]:
        return texts.departmentalisation()

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in Action.Status.choices]


def _named(value: object, names: dict[str, str]) -> object:
    """Texts with every dimension code replaced by the dimension's name."""
    if isinstance(value, str):
        for code in sorted(names, key=len, reverse=True):
            value = re.sub(rf"(?<![\w.]){re.escape(code)}(?![\w])", names[code], value)
        return value
    if isinstance(value, list):
        return [_named(v, names) for v in value]
    return value


def _comments(assessment: Assessment, samples: Iterable[Sequence[Any]]) -> list[CommentBlock]:
    """Open-text answers of each shown group with at least MIN_COMMENTS of them, shuffled; `samples` are
    the figures' own (shown_figures or the publication's), so comments move on in the same steps."""
    by_group: dict[str, list[tuple[int, str, list[str]]]] = {}
    for group, position, question, answers in samples:
        by_group.setdefault(group, []).append((position, question, list(answers)))
    shuffle = random.Random().shuffle
    blocks = []
    organisation = assessment.organisation.name
    for group, questions in by_group.items():
        if sum(len(answers) for _, _, answers in questions) < MIN_COMMENTS:
            continue
        for _, question, answers in sorted(questions):
            shuffle(answers)
            blocks.append(
                CommentBlock(
                    group, group_label(group), question.replace("{organisation}", organisation), tuple(answers)
                )
            )
    return blocks


def report(assessment: Assessment, access: Access, published: PublishedResult | None = None) -> Report:
    """The live draft, or a published snapshot as it was published; a fixed number of queries whatever the
    number of responses."""
    groups = access.groups
    dims = dimensions()
    if published is not None:
        result, nps, samples = published_result(published), published.nps, published.comments
    else:
        figures = shown_figures(assessment, groups, dims=dims)
        result, nps, samples = figures.result, figures.nps, figures.comments
    previous = previous_assessment(assessment)
    previous_result = None
    if previous is not None:
        latest = latest_published(previous)
        previous_result = published_result(latest) if latest else assessment_result(previous, groups, dims=dims)
    campaigns = campaigns_with_progress(assessment, groups)
    actions: dict[str, list[Action]] = {}
    for action in Action.objects.filter(assessment=assessment).select_related("dimension"):
        actions.setdefault(action.dimension.code, []).append(action)
    roadmap = [_roadmap_item(step, result, dims, tuple(actions.get(step.dimension, ()))) for step in result.roadmap]
    carried = []
    if previous is not None:
        for action in Action.objects.filter(assessment=previous).select_related("dimension"):
            code = action.dimension.code
            before = action.baseline_score
            if before is None and previous_result is not None:
                before = previous_result.stakeholder.get(code)
            carried.append(CarriedAction(action, before, result.stakeholder.get(code)))
    return Report(
        assessment=assessment,
        result=result,
        nps=nps,
        campaigns=campaigns,
        previous=previous,
        previous_result=previous_result,
        roadmap=roadmap,
        carried_actions=carried,
        actions=sorted(
            (a for listed in actions.values() for a in listed), key=lambda a: (a.stage, a.dimension.position)
        ),
        dimensions=dims,
        comments=_comments(assessment, samples),
        maturity=access.can_manage,
        published=published,
        publications=tuple(assessment.published.order_by("-number")) if access.can_manage else (),
        targets=dict(assessment.targets.order_by("dimension__position").values_list("dimension__code", "score")),
        commentary=_commentary(published),
        benchmark=benchmark(assessment, result) if access.is_consultant else None,
    )


def _commentary(published: PublishedResult | None) -> dict[str, str]:
    if published is None:
        return {}
    rows = published.commentary.values_list("dimension__code", "text")
    return {code or "": text for code, text in rows}


def _roadmap_item(
    step: scoring.RoadmapStep, result: scoring.AssessmentResult, dims: Dimensions, actions: tuple[Action, ...]
) -> RoadmapItem:
    name = dims.name(step.dimension)
    management = result.groups.get(scoring.MANAGEMENT)
    own = management.dimensions.get(step.dimension) if management is not None else None
    theirs = result.stakeholder.get(step.dimension)
    if step.gap is not None and own is not None and own.score is not None and theirs is not None:
        # The gap the page prints is the difference of the two scores it prints.
        step = replace(step, gap=shown(own.score) - shown(theirs))
    recommendation = {key: _named(value, dims.names) for key, value in texts.recommendation(step.dimension).items()}
    if step.kind == "measure":
        measure = survey(result.not_measured.get(step.dimension, ()))
        return RoadmapItem(
            step,
            name,
            recommendation,
            actions,
            gettext("Measure: %(name)s — %(survey)s") % {"name": name, "survey": measure},
            gettext("Measure %(name)s: %(survey)s") % {"name": name, "survey": measure},
        )
    title = str(recommendation["title"])
    return RoadmapItem(step, name, recommendation, actions, title, title)
