"""Everything the report page shows, gathered in a fixed number of queries, and only what a consultant
can sign: scores with n and 95 % interval, dimensions by name, no level claimed on missing evidence."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from .. import scoring
from ..assessments.models import Assessment
from ..assessments.selectors import previous_assessment
from ..campaigns.selectors import CampaignProgress, campaigns_with_progress
from ..groups import Group
from ..instruments import texts
from ..instruments.models import Item
from ..instruments.selectors import Dimensions, dimensions
from ..organisations.access import Access
from ..responses.models import Answer
from ..roadmap.models import Action
from .selectors import assessment_result, nps_of

MIN_COMMENTS = 10
# Segment questions whose words are not just their field's ("customer_type" reads "customer type").
SEGMENT_LABELS = {"purchase_frequency": "purchasing frequency", "socio_economic": "socio-economic band"}
# Groups as a sentence names them ("survey employees or shareholders").
GROUP_WORDS = {**{g: g for g in scoring.STAKEHOLDER_GROUPS}, scoring.MANAGEMENT: "management (self-assessment)"}
NPS_TITLES = {"customers": "Customer net promoter score (NPS)", "employees": "Employee net promoter score (eNPS)"}
SCALE = (
    "Scores run from 0 to 100: 0 means everyone strongly disagreed, 50 neither agree nor disagree, "
    "75 that the average answer was “agree”, 100 strongly agree."
)


def group_label(group: str) -> str:
    return str(Group(group).label)


def segment_label(question: str) -> str:
    """A segment question in words: "customer type", never "customer_type"."""
    return SEGMENT_LABELS.get(question, question.replace("_", " "))


def segment_value(value: str) -> str:
    """A segment value in words: "lower middle", "25–34"."""
    return re.sub(r"^(\d+)_(\d+)$", r"\1–\2", value).replace("_", " ")


def either(words: Sequence[str]) -> str:
    """Words joined as a sentence lists alternatives: a, b or c."""
    return " or ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} or {words[-1]}"


def signed(value: float | None) -> str:
    """+12, -3, or 0 (never "-0")."""
    if value is None:
        return "–"
    return "0" if round(value) == 0 else f"{value:+.0f}"


@dataclass(frozen=True)
class Score:
    """A score as the page shows it: with the number of respondents behind it and its 95 % interval.

    weighted: the stakeholder view over several groups, which has no interval of its own.
    """

    value: float
    n: int
    ci95: tuple[float, float] | None = None
    alpha: float | None = None
    weighted: bool = False

    @classmethod
    def of(cls, dimension: scoring.DimensionResult) -> Score | None:
        if dimension.score is None:
            return None
        return cls(dimension.score, dimension.n, dimension.ci95, dimension.alpha)

    @property
    def interval(self) -> str:
        if self.ci95 is not None:
            return f"{self.ci95[0]:.0f}–{self.ci95[1]:.0f}"
        return "weighted" if self.weighted else "no interval"

    @property
    def short(self) -> str:
        """54 (n=30, 49–59, α 0.81): for table cells, whose header names the parts."""
        alpha = f", α {self.alpha:.2f}" if self.alpha is not None else ""
        return f"{self.value:.0f} (n={self.n}, {self.interval}{alpha})"

    @property
    def long(self) -> str:
        """For hover text and sentences."""
        if self.ci95 is not None:
            spread = f"95 % interval {self.ci95[0]:.0f} to {self.ci95[1]:.0f}"
        elif self.weighted:
            spread = "weighted over groups: see each group's interval"
        else:
            spread = "too few answers for an interval"
        alpha = f"; Cronbach's alpha {self.alpha:.2f}" if self.alpha is not None else ""
        return f"{self.value:.0f} (n={self.n}; {spread}{alpha})"

    def __str__(self) -> str:
        return self.short


def stakeholder_scores(result: scoring.AssessmentResult) -> dict[str, Score]:
    """The stakeholder view with its n: one group's own score (and interval) where one group carries a
    dimension, else the weighted mean with the n of every group weighed in."""
    if result.self_assessed_only:
        management = result.groups.get(scoring.MANAGEMENT)
        dims = management.dimensions if management else {}
        return {code: s for code in result.stakeholder if code in dims and (s := Score.of(dims[code]))}
    weights, scores = result.settings.weights, {}
    counted = [
        group
        for name, group in result.groups.items()
        if name in scoring.STAKEHOLDER_GROUPS and not group.suppressed and weights[name] > 0.0
    ]
    for code, value in result.stakeholder.items():
        parts = [d for group in counted if (d := group.dimensions.get(code)) is not None and d.score is not None]
        if len(parts) == 1:
            scores[code] = Score(value, parts[0].n, parts[0].ci95, parts[0].alpha)
        else:
            scores[code] = Score(value, sum(p.n for p in parts), weighted=True)
    return scores


@dataclass(frozen=True)
class ScoreRow:
    key: str
    label: str
    scores: dict[str, Score]


def survey(groups: Sequence[str]) -> str:
    """What would measure a dimension nobody scored: "survey employees or shareholders"."""
    return "survey " + either([GROUP_WORDS[g] for g in groups]) if groups else "no survey asks about it yet"


@dataclass(frozen=True)
class NotMeasured:
    name: str
    groups: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} ({survey(self.groups)})"


@dataclass(frozen=True)
class LevelRow:
    level: int
    name: str
    description: str
    score: float | None
    attained: bool
    is_next: bool
    measured: int
    not_measured: tuple[NotMeasured, ...]

    @property
    def title(self) -> str:
        return f"Level {self.level}: {self.name}"


@dataclass(frozen=True)
class GapRow:
    gap: scoring.GapResult
    name: str
    management: Score
    stakeholder: Score

    @property
    def reading(self) -> str:
        return {"blind_spot": "blind spot", "hidden_strength": "hidden strength", None: ""}[self.gap.kind]


@dataclass(frozen=True)
class RoadmapItem:
    """A step; a "measure" step reads "Measure: <name> — survey <groups>" and has no score or priority."""

    step: scoring.RoadmapStep
    name: str
    recommendation: dict[str, object]
    action: Action | None
    title: str
    action_title: str

    @property
    def measure(self) -> bool:
        return self.step.kind == "measure"


@dataclass(frozen=True)
class CarriedAction:
    action: Action
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class NpsFigure:
    group: str
    title: str
    who: str
    score: float
    n: int


@dataclass(frozen=True)
class SpreadRow:
    """A dimension on which customer segments differ beyond chance (the extremes' intervals part)."""

    spread: scoring.SegmentSpread
    name: str

    @property
    def sentence(self) -> str:
        s = self.spread
        low, high = segment_value(s.lowest), segment_value(s.highest)
        intervals = ""
        if s.lowest_ci95 is not None and s.highest_ci95 is not None:
            intervals = (
                f" (95 % intervals {s.highest_ci95[0]:.0f}–{s.highest_ci95[1]:.0f} and "
                f"{s.lowest_ci95[0]:.0f}–{s.lowest_ci95[1]:.0f}, which do not overlap)"
            )
        return (
            f"{self.name}, by {segment_label(s.question)}: {high} customers score {s.spread:.0f} points higher "
            f"than {low} customers{intervals}"
        )


@dataclass(frozen=True)
class CommentBlock:
    """One group's answers to one open question, in random order, with nothing about who wrote them."""

    group: str
    label: str
    question: str
    texts: tuple[str, ...]


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
                score=lv.score,
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
            rows.append(ScoreRow("stakeholders", "All stakeholders (weighted)", self.stakeholder))
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
        for code, gap in self.result.gaps.items():
            own = management.dimensions.get(code)
            score = Score.of(own) if own is not None else None
            if score is not None and code in self.stakeholder:
                rows.append(GapRow(gap, self.dimensions.name(code), score, self.stakeholder[code]))
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
    def nps_figures(self) -> list[NpsFigure]:
        """Customers' NPS and employees' eNPS apart: they ask different people different questions."""
        order = {name: i for i, name in enumerate(Group.values)}
        return [
            NpsFigure(
                g, NPS_TITLES.get(g, f"Net promoter score: {group_label(g)}"), GROUP_WORDS[g], v["nps"], int(v["n"])
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
        return [SpreadRow(s, self.dimensions.name(s.dimension)) for s in spreads]

    @property
    def departmentalisation_advice(self) -> dict[str, object]:
        return texts.departmentalisation()

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return list(Action.Status.choices)


def _named(value: object, names: dict[str, str]) -> object:
    """Texts with every dimension code replaced by the dimension's name."""
    if isinstance(value, str):
        for code in sorted(names, key=len, reverse=True):
            value = re.sub(rf"(?<![\w.]){re.escape(code)}(?![\w])", names[code], value)
        return value
    if isinstance(value, list):
        return [_named(v, names) for v in value]
    return value


def _comments(assessment: Assessment, result: scoring.AssessmentResult, groups: Iterable[str]) -> list[CommentBlock]:
    """Open-text answers of each shown group with at least MIN_COMMENTS of them, shuffled (1 query)."""
    shown = [g for g in groups if g in result.groups and not result.groups[g].suppressed]
    if not shown:
        return []
    rows = (
        Answer.objects.filter(
            response__campaign__assessment=assessment,
            response__campaign__group__in=shown,
            response__submitted_at__isnull=False,
            item__type=Item.Type.TEXT,
        )
        .exclude(text="")
        .values_list("response__campaign__group", "item__position", "item__text", "text")
    )
    by_group: dict[str, dict[tuple[int, str], list[str]]] = {}
    for group, position, question, text in rows:
        if text.strip():
            by_group.setdefault(group, {}).setdefault((position, question), []).append(text.strip())
    shuffle = random.Random().shuffle
    blocks = []
    organisation = assessment.organisation.name
    for group in shown:
        questions = by_group.get(group, {})
        if sum(len(answers) for answers in questions.values()) < MIN_COMMENTS:
            continue
        for (_, question), answers in sorted(questions.items()):
            shuffle(answers)
            question = question.replace("{organisation}", organisation)
            blocks.append(CommentBlock(group, group_label(group), question, tuple(answers)))
    return blocks


def report(assessment: Assessment, access: Access) -> Report:
    """A fixed number of queries whatever the number of responses."""
    groups = access.groups
    dims = dimensions()
    result = assessment_result(assessment, groups, dims=dims)
    previous = previous_assessment(assessment)
    previous_result = assessment_result(previous, groups, dims=dims) if previous else None
    actions = {a.dimension.code: a for a in Action.objects.filter(assessment=assessment).select_related("dimension")}
    roadmap = [_roadmap_item(step, result, dims, actions.get(step.dimension)) for step in result.roadmap]
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
        nps=nps_of(assessment, result),
        campaigns=campaigns_with_progress(assessment, groups),
        previous=previous,
        previous_result=previous_result,
        roadmap=roadmap,
        carried_actions=carried,
        actions=sorted(actions.values(), key=lambda a: (a.stage, a.dimension.position)),
        dimensions=dims,
        comments=_comments(assessment, result, groups),
        maturity=access.can_manage,
    )


def _roadmap_item(
    step: scoring.RoadmapStep, result: scoring.AssessmentResult, dims: Dimensions, action: Action | None
) -> RoadmapItem:
    name = dims.name(step.dimension)
    recommendation = {key: _named(value, dims.names) for key, value in texts.recommendation(step.dimension).items()}
    if step.kind == "measure":
        measure = survey(result.not_measured.get(step.dimension, ()))
        return RoadmapItem(
            step, name, recommendation, action, f"Measure: {name} — {measure}", f"Measure {name}: {measure}"
        )
    title = str(recommendation["title"])
    return RoadmapItem(step, name, recommendation, action, title, title)
