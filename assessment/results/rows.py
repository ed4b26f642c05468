"""The report's rows: each score with its n and interval, levels, gaps, roadmap items, as people read them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import scoring
from ..groups import Group
from ..roadmap.models import Action

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
    actions: tuple[Action, ...]  # several actions may serve one step
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
