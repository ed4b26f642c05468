"""The report's rows: each score with its n and interval, levels, gaps, roadmap items, as people read them.

Every figure is rounded once, here, to the precision the page shows, and every difference the page prints
is taken between rounded figures: "60 -> 68" always reads "+8".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import scoring
from ..groups import Group
from ..roadmap.models import Action

# Segment questions whose words are not just their field's ("customer_type" reads "customer type").
SEGMENT_LABELS = {
    "customer_type": gettext_lazy("customer type"),
    "age_band": gettext_lazy("age band"),
    "gender": gettext_lazy("gender"),
    "purchase_frequency": gettext_lazy("purchasing frequency"),
    "socio_economic": gettext_lazy("socio-economic band"),
}
# The built-in segment questions' answers as a report names them; other values read as their codes.
SEGMENT_VALUES = {
    "individual": gettext_lazy("individual"),
    "organisation": gettext_lazy("organisation"),
    "government": gettext_lazy("government"),
    "under_25": gettext_lazy("under 25"),
    "65_plus": gettext_lazy("65 or over"),
    "female": gettext_lazy("female"),
    "male": gettext_lazy("male"),
    "another": gettext_lazy("another gender"),
    "first_time": gettext_lazy("first time"),
    "yearly_or_less": gettext_lazy("yearly or less"),
    "few_times_a_year": gettext_lazy("a few times a year"),
    "monthly": gettext_lazy("monthly"),
    "weekly": gettext_lazy("weekly"),
    "low": gettext_lazy("low"),
    "lower_middle": gettext_lazy("lower middle"),
    "middle": gettext_lazy("middle"),
    "upper_middle": gettext_lazy("upper middle"),
    "high": gettext_lazy("high"),
}
# Groups as a sentence names them ("survey employees or shareholders").
GROUP_WORDS = {
    Group.CUSTOMERS.value: gettext_lazy("customers"),
    Group.PARTNERS.value: gettext_lazy("partners"),
    Group.EMPLOYEES.value: gettext_lazy("employees"),
    Group.SHAREHOLDERS.value: gettext_lazy("shareholders"),
    Group.MANAGEMENT.value: gettext_lazy("management (self-assessment)"),
}
NPS_TITLES = {
    "customers": gettext_lazy("Customer net promoter score (NPS)"),
    "employees": gettext_lazy("Employee net promoter score (eNPS)"),
}
SCALE = gettext_lazy(
    "Scores run from 0 to 100: 0 means everyone strongly disagreed, 50 neither agree nor disagree, "
    "75 that the average answer was “agree”, 100 strongly agree."
)
# Scores, intervals, gaps and changes are shown as whole points; Cronbach's alpha with two decimals.
ALPHA_PLACES = 2


def shown(value: float, places: int = 0) -> float:
    """A figure as the page shows it, rounded half away from zero (52.5 reads 53, never 52)."""
    step = Decimal(1).scaleb(-places)
    exact = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)
    return int(exact) if places == 0 else float(exact)


def shown_or_none(value: float | None) -> float | None:
    return None if value is None else shown(value)


def judged(value: float | None, bound: float) -> float | None:
    """A figure shown beside the bound it is judged against (a level's score and the level threshold):
    rounded once like every figure, but with as many decimals as it takes to stay on the bound's side the
    figure itself is on, so that a level short of "70 needed" never reads "70" (69.6 does)."""
    if value is None:
        return None
    reached = scoring.at_least(value, bound)
    for places in range(scoring.COMPARE_DECIMALS + 1):
        figure = shown(value, places)
        if (figure >= bound) == reached:
            return figure
    return shown(value, scoring.COMPARE_DECIMALS)


def exact(value: float | None) -> str:
    """A figure already rounded as the page shows it (judged()), or a setting, with its own decimals and no
    more: 70, 69.6, 72.5."""
    return "–" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def group_label(group: str) -> str:
    return str(Group(group).label)


def segment_label(question: str) -> str:
    """A segment question in words: "customer type", never "customer_type"."""
    return str(SEGMENT_LABELS.get(question, question.replace("_", " ")))


def segment_value(value: str) -> str:
    """A segment value in words: "lower middle", "25–34"."""
    if value in SEGMENT_VALUES:
        return str(SEGMENT_VALUES[value])
    return re.sub(r"^(\d+)_(\d+)$", r"\1–\2", value).replace("_", " ")


def either(words: Sequence[str]) -> str:
    """Words joined as a sentence lists alternatives: a, b or c."""
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s or %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def signed(value: float | None) -> str:
    """+12, -3, or 0 (never "-0")."""
    if value is None:
        return "–"
    value = shown(value)
    return "0" if value == 0 else f"{value:+.0f}"


@dataclass(frozen=True)
class Score:
    """A score as the page shows it: with the number of respondents behind it and its 95 % interval, rounded
    once on creation to the page's precision.

    weighted: the stakeholder view over several groups, which has no interval of its own.
    """

    value: float
    n: int
    ci95: tuple[float, float] | None = None
    alpha: float | None = None
    weighted: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shown(self.value))
        if self.ci95 is not None:
            object.__setattr__(self, "ci95", (shown(self.ci95[0]), shown(self.ci95[1])))
        if self.alpha is not None:
            object.__setattr__(self, "alpha", shown(self.alpha, ALPHA_PLACES))

    @classmethod
    def of(cls, dimension: scoring.DimensionResult) -> Score | None:
        if dimension.score is None:
            return None
        return cls(dimension.score, dimension.n, dimension.ci95, dimension.alpha)

    @property
    def interval(self) -> str:
        if self.ci95 is not None:
            return f"{self.ci95[0]:.0f}–{self.ci95[1]:.0f}"
        return _("weighted") if self.weighted else _("no interval")

    @property
    def short(self) -> str:
        """54 (n=30, 49–59, α 0.81): for table cells, whose header names the parts."""
        alpha = f", α {self.alpha:.2f}" if self.alpha is not None else ""
        return f"{self.value:.0f} (n={self.n}, {self.interval}{alpha})"

    @property
    def long(self) -> str:
        """For hover text and sentences."""
        if self.ci95 is not None:
            spread = _("95 %% interval %(low)s to %(high)s") % {
                "low": f"{self.ci95[0]:.0f}",
                "high": f"{self.ci95[1]:.0f}",
            }
        elif self.weighted:
            spread = _("weighted over groups: see each group's interval")
        else:
            spread = _("too few answers for an interval")
        alpha = _("; Cronbach's alpha %(alpha)s") % {"alpha": f"{self.alpha:.2f}"} if self.alpha is not None else ""
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
    if not groups:
        return _("no survey asks about it yet")
    return _("survey %(groups)s") % {"groups": either([str(GROUP_WORDS[g]) for g in groups])}


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
        return _("Level %(level)s: %(name)s") % {"level": self.level, "name": self.name}


def shown_gap(gap: scoring.GapResult, management: Score, stakeholder: Score, limit: float) -> scoring.GapResult:
    """The gap between the two shown scores, named by that shown gap, so that "management 71, stakeholders
    55" reads "+16" and a shown +15 against a limit of 15 is called a blind spot."""
    difference = management.value - stakeholder.value
    kind: Literal["blind_spot", "hidden_strength"] | None = None
    if difference >= limit:
        kind = "blind_spot"
    elif -difference >= limit:
        kind = "hidden_strength"
    return scoring.GapResult(gap.dimension, management.value, stakeholder.value, difference, kind)


@dataclass(frozen=True)
class GapRow:
    gap: scoring.GapResult
    name: str
    management: Score
    stakeholder: Score

    @property
    def reading(self) -> str:
        return {"blind_spot": _("blind spot"), "hidden_strength": _("hidden strength"), None: ""}[self.gap.kind]


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
    """An earlier action's dimension before and after, both as shown, so the change is their difference."""

    action: Action
    before: float | None
    after: float | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", shown_or_none(self.before))
        object.__setattr__(self, "after", shown_or_none(self.after))

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", shown(self.score))


@dataclass(frozen=True)
class SpreadRow:
    """A dimension on which customer segments differ beyond chance (the extremes' intervals part).

    highest, lowest: the two extremes' scores as the segment chart shows them; the sentence's difference
    is theirs."""

    spread: scoring.SegmentSpread
    name: str
    highest: float
    lowest: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "highest", shown(self.highest))
        object.__setattr__(self, "lowest", shown(self.lowest))

    @property
    def points(self) -> float:
        return self.highest - self.lowest

    @property
    def sentence(self) -> str:
        s = self.spread
        low, high = segment_value(s.lowest), segment_value(s.highest)
        parts = {
            "name": self.name,
            "question": segment_label(s.question),
            "high": high,
            "low": low,
            "high_score": f"{self.highest:.0f}",
            "low_score": f"{self.lowest:.0f}",
            "points": f"{self.points:.0f}",
        }
        sentence = (
            _(
                "%(name)s, by %(question)s: %(high)s customers score %(high_score)s, %(points)s points higher than "
                "%(low)s customers (%(low_score)s)"
            )
            % parts
        )
        if s.lowest_ci95 is not None and s.highest_ci95 is not None:
            sentence += _("; their 95 %% intervals, %(high_interval)s and %(low_interval)s, do not overlap") % {
                "high_interval": f"{shown(s.highest_ci95[0])}–{shown(s.highest_ci95[1])}",
                "low_interval": f"{shown(s.lowest_ci95[0])}–{shown(s.lowest_ci95[1])}",
            }
        return sentence


@dataclass(frozen=True)
class CommentBlock:
    """One group's answers to one open question, in random order, with nothing about who wrote them."""

    group: str
    label: str
    question: str
    texts: tuple[str, ...]
