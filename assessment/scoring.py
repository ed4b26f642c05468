"""Scoring engine: PRODUCT.md sections 4 (scoring) and 5 (staged roadmap).

Pure standard-library Python so that it can be checked without Django or a database: the caller
aggregates responses in SQL into the sufficient statistics below (counts, sums, sums of squares)
and gets frozen dataclasses back. Floats are never rounded here; presentation rounds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

GROUPS = ("customers", "partners", "employees", "shareholders", "management")
STAKEHOLDER_GROUPS = ("customers", "partners", "employees", "shareholders")
MANAGEMENT = "management"

# PRODUCT.md section 3, in its table order (reports list dimensions in this order).
DIMENSIONS: dict[str, int] = {
    "L1.LEAD": 1,
    "L1.INVEST": 1,
    "L1.VISIBLE": 1,
    "L1.SKILLS": 1,
    "L1.INTERNAL": 1,
    "L1.AWARE": 1,
    "L1.VALUE": 1,
    "L2.TRAINING": 2,
    "L2.LEARNING": 2,
    "L2.PROFESSION": 2,
    "L2.SEGMENTS": 2,
    "L3.STRUCTURE": 3,
    "L3.CONVENIENCE": 3,
    "L3.SPEED": 3,
    "L3.DELIGHT": 3,
    "L3.PARTNERSHIP": 3,
}
LEVELS = (1, 2, 3)

MIN_ANONYMITY_THRESHOLD = 3

_MAX_SCORE = 100.0
# Sums handed over by the database may carry rounding from its own float arithmetic.
_SUM_SLACK = 1.0 + 1e-9
# Thresholds are compared at this many decimals: a score meant to sit exactly on 70, +-15 or 20
# can come out a few units in the last place short after weighting and averaging.
_COMPARE_DECIMALS = 6

# t(0.975, df) for df 1..30, the range where the expansion below is not accurate enough.
# fmt: off
_T975 = (
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
    2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
    2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
)
# fmt: on
_Z975 = 1.959963984540054


def t_quantile_975(df: int) -> float:
    """The 0.975 quantile of Student's t with df degrees of freedom (two-sided 95 %)."""
    if df < 1:
        raise ValueError(f"degrees of freedom must be at least 1, got {df}")
    if df <= len(_T975):
        return _T975[df - 1]
    # Cornish-Fisher expansion around the normal quantile; error below 1e-7 from df 31 on.
    z = _Z975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * df**4)
    )


def _at_least(value: float, bound: float) -> bool:
    return round(value, _COMPARE_DECIMALS) >= bound


def _check_count(what: str, value: int) -> None:
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value}")


def _check_share(share: float) -> None:
    # A share of 0 would let a respondent who answered nothing count for a dimension.
    if not 0.0 < share <= 1.0:
        raise ValueError(f"min_answered_share must be in (0, 1], got {share!r}")


def _check_dimension(where: str, code: str) -> None:
    if code not in DIMENSIONS:
        raise ValueError(f"{where}: unknown dimension code {code!r}")


def _check_dimension_stats(where: str, dimensions: Mapping[str, DimensionStats], responses: int) -> None:
    for code, stats in dimensions.items():
        _check_dimension(where, code)
        # A respondent counts at most once per dimension.
        if stats.n > responses:
            raise ValueError(f"{where}: {code} has n={stats.n} but only {responses} responses")


def _default_weights() -> Mapping[str, float]:
    return MappingProxyType({"customers": 0.40, "partners": 0.15, "employees": 0.30, "shareholders": 0.15})


@dataclass(frozen=True)
class ScoringSettings:
    """The numbers of PRODUCT.md section 4 that a consultant may change per assessment."""

    level_threshold: float = 70.0
    dimension_floor: float = 50.0
    weights: Mapping[str, float] = field(default_factory=_default_weights)
    blind_spot_gap: float = 15.0
    segment_spread: float = 20.0
    alpha_min_n: int = 30
    min_answered_share: float = 0.5

    def __post_init__(self) -> None:
        for name, value in (
            ("level_threshold", self.level_threshold),
            ("dimension_floor", self.dimension_floor),
            ("blind_spot_gap", self.blind_spot_gap),
            ("segment_spread", self.segment_spread),
        ):
            if not 0.0 <= value <= _MAX_SCORE:
                raise ValueError(f"{name} must be between 0 and 100, got {value!r}")
        # With a floor above the threshold a level could fail on a dimension the roadmap,
        # which lists dimensions below the threshold, would never mention.
        if self.dimension_floor > self.level_threshold:
            raise ValueError(
                f"dimension_floor ({self.dimension_floor}) must not exceed level_threshold ({self.level_threshold})"
            )
        # A zero gap would call perfect agreement a blind spot.
        if self.blind_spot_gap <= 0.0:
            raise ValueError(f"blind_spot_gap must be positive, got {self.blind_spot_gap!r}")
        if self.alpha_min_n < 2:
            raise ValueError(f"alpha_min_n must be at least 2 (alpha needs variances), got {self.alpha_min_n}")
        _check_share(self.min_answered_share)

        unknown = sorted(set(self.weights) - set(STAKEHOLDER_GROUPS))
        if unknown:
            raise ValueError(f"weights: unknown group(s) {unknown}; expected some of {', '.join(STAKEHOLDER_GROUPS)}")
        # Every stakeholder group gets an explicit weight (missing = 0) in a read-only copy, so
        # that equal settings compare equal and the caller's dict can't change them afterwards.
        weights = {group: float(self.weights.get(group, 0.0)) for group in STAKEHOLDER_GROUPS}
        for group, weight in weights.items():
            if not (math.isfinite(weight) and weight >= 0.0):
                raise ValueError(f"weights: {group} must be a finite non-negative number, got {weight!r}")
        if sum(weights.values()) <= 0.0:
            raise ValueError("weights: at least one stakeholder group needs a positive weight")
        object.__setattr__(self, "weights", MappingProxyType(weights))


DEFAULT_SETTINGS = ScoringSettings()


# Rules 1 and 2: from answers to respondent dimension scores (run once, at submit).


def item_score(value: int | None, reverse: bool) -> float | None:
    """Rule 1: a likert5 answer as 0..100; None for "not applicable" or blank."""
    if value is None:
        return None
    if value not in range(1, 6):
        raise ValueError(f"a likert5 answer must be 1..5, got {value!r}")
    # (v - 1) / 4 * 100, written so that the five possible scores are exact.
    return (5 - value if reverse else value - 1) * 25.0


@dataclass(frozen=True)
class ItemSpec:
    code: str
    dimension: str
    reverse: bool = False

    def __post_init__(self) -> None:
        _check_dimension(f"item {self.code!r}", self.dimension)


def respondent_dimension_scores(
    items: Sequence[ItemSpec],
    answers: Mapping[str, int | None],
    *,
    min_answered_share: float = 0.5,
) -> dict[str, float]:
    """Rule 2: one respondent's mean item score per dimension, for the dimensions they count for.

    items are the likert5 items shown to the respondent; answers to anything else (NPS, segment
    questions) are ignored, and an item without an answer counts as blank.
    """
    _check_share(min_answered_share)
    shown: dict[str, int] = {}
    scores: dict[str, list[float]] = {}
    seen: set[str] = set()
    for item in items:
        if item.code in seen:
            raise ValueError(f"item {item.code!r} is listed twice")
        seen.add(item.code)
        shown[item.dimension] = shown.get(item.dimension, 0) + 1
        try:
            score = item_score(answers.get(item.code), item.reverse)
        except ValueError as error:
            raise ValueError(f"item {item.code!r}: {error}") from error
        if score is not None:
            scores.setdefault(item.dimension, []).append(score)

    result: dict[str, float] = {}
    for code in DIMENSIONS:
        answered = scores.get(code)
        # The epsilon keeps e.g. 7 of 10 at a share of 0.7 (0.7 * 10 is 7.000000000000001).
        if answered and len(answered) + 1e-9 >= min_answered_share * shown[code]:
            result[code] = math.fsum(answered) / len(answered)
    return result


# Rules 3 and 10: sufficient statistics, so that the database can aggregate.


@dataclass(frozen=True)
class DimensionStats:
    """COUNT, SUM and SUM of squares of respondents' scores (0..100) in one dimension."""

    n: int
    total: float
    total_sq: float

    def __post_init__(self) -> None:
        _check_count("DimensionStats.n", self.n)
        if not (
            0.0 <= self.total <= _MAX_SCORE * self.n * _SUM_SLACK
            and 0.0 <= self.total_sq <= _MAX_SCORE**2 * self.n * _SUM_SLACK
        ):
            raise ValueError(f"{self!r} cannot come from {self.n} scores in 0..100")

    @classmethod
    def from_scores(cls, scores: Iterable[float]) -> DimensionStats:
        values = list(scores)
        if not all(0.0 <= value <= _MAX_SCORE for value in values):
            raise ValueError("dimension scores must be within 0..100")
        # fsum is exactly rounded, so the result does not depend on the respondents' order.
        return cls(len(values), math.fsum(values), math.fsum(v * v for v in values))

    @property
    def mean(self) -> float | None:
        if self.n == 0:
            return None
        return min(_MAX_SCORE, self.total / self.n)  # min: the database's slack

    @property
    def sd(self) -> float | None:
        """Sample standard deviation (n - 1)."""
        if self.n < 2:
            return None
        # When all scores are equal the subtraction cancels and may leave a tiny negative.
        return math.sqrt(max(0.0, (self.total_sq - self.total**2 / self.n) / (self.n - 1)))

    @property
    def ci95(self) -> tuple[float, float] | None:
        """mean +- t(0.975, n - 1) * sd / sqrt(n), clipped to the score range."""
        mean, sd = self.mean, self.sd
        if mean is None or sd is None:
            return None
        half = t_quantile_975(self.n - 1) * sd / math.sqrt(self.n)
        return max(0.0, mean - half), min(_MAX_SCORE, mean + half)


@dataclass(frozen=True)
class AlphaStats:
    """Per-item and per-total sums over the respondents who answered all k items of a dimension."""

    n: int
    item_sums: tuple[float, ...]
    item_sums_sq: tuple[float, ...]
    total_sum: float
    total_sum_sq: float

    def __post_init__(self) -> None:
        _check_count("AlphaStats.n", self.n)
        if len(self.item_sums) != len(self.item_sums_sq):
            raise ValueError("AlphaStats: item_sums and item_sums_sq must have one entry per item")

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[float]]) -> AlphaStats:
        table = [tuple(row) for row in rows]
        k = len(table[0]) if table else 0
        if any(len(row) != k for row in table):
            raise ValueError("AlphaStats: every respondent needs a score for each of the same k items")
        columns = list(zip(*table, strict=True))
        totals = [math.fsum(row) for row in table]
        return cls(
            n=len(table),
            item_sums=tuple(math.fsum(column) for column in columns),
            item_sums_sq=tuple(math.fsum(x * x for x in column) for column in columns),
            total_sum=math.fsum(totals),
            total_sum_sq=math.fsum(t * t for t in totals),
        )

    def alpha(self) -> float | None:
        """Cronbach's alpha = k / (k - 1) * (1 - sum of item variances / variance of totals)."""
        k = len(self.item_sums)
        if k < 2 or self.n < 2:
            return None
        # Sums of squared deviations: the common 1 / (n - 1) of the variances cancels in the ratio.
        total_ss = self.total_sum_sq - self.total_sum**2 / self.n
        # Identical totals leave rounding noise rather than an exact 0.
        if total_ss <= 1e-9 * self.total_sum_sq:
            return None
        item_ss = math.fsum(
            max(0.0, sq - s * s / self.n) for s, sq in zip(self.item_sums, self.item_sums_sq, strict=True)
        )
        return k / (k - 1) * (1.0 - item_ss / total_ss)


# Inputs.


@dataclass(frozen=True)
class SegmentInput:
    responses: int
    dimensions: Mapping[str, DimensionStats]

    def __post_init__(self) -> None:
        _check_count("SegmentInput.responses", self.responses)
        _check_dimension_stats("segment", self.dimensions, self.responses)


@dataclass(frozen=True)
class GroupInput:
    group: str
    responses: int
    anonymity_threshold: int = 5
    dimensions: Mapping[str, DimensionStats] = field(default_factory=dict)
    alpha: Mapping[str, AlphaStats] = field(default_factory=dict)
    segments: Mapping[str, Mapping[str, SegmentInput]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}; expected one of {', '.join(GROUPS)}")
        _check_count(f"{self.group}: responses", self.responses)
        _check_dimension_stats(self.group, self.dimensions, self.responses)
        for code, stats in self.alpha.items():
            _check_dimension(f"{self.group} alpha", code)
            if stats.n > self.responses:
                raise ValueError(f"{self.group} alpha: {code} has n={stats.n} but only {self.responses} responses")
        for question, values in self.segments.items():
            # Segment questions are single-choice profile items: their values split the group.
            if sum(segment.responses for segment in values.values()) > self.responses:
                raise ValueError(
                    f"{self.group} segment {question!r}: its values have more than {self.responses} responses"
                )

    @property
    def threshold(self) -> int:
        return max(MIN_ANONYMITY_THRESHOLD, self.anonymity_threshold)

    @property
    def suppressed(self) -> bool:
        """Rule 4; management is exempt because one manager's self-assessment is the main use."""
        return self.group != MANAGEMENT and self.responses < self.threshold


# Results.


@dataclass(frozen=True)
class DimensionResult:
    code: str
    level: int
    score: float | None
    n: int
    sd: float | None
    ci95: tuple[float, float] | None
    alpha: float | None


@dataclass(frozen=True)
class GroupResult:
    group: str
    responses: int
    anonymity_threshold: int
    suppressed: bool
    dimensions: dict[str, DimensionResult]


@dataclass(frozen=True)
class LevelResult:
    level: int
    score: float | None
    attained: bool
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class GapResult:
    dimension: str
    management: float
    stakeholder: float
    gap: float
    kind: Literal["blind_spot", "hidden_strength"] | None


@dataclass(frozen=True)
class SegmentResult:
    question: str
    value: str
    responses: int
    suppressed: bool
    dimensions: dict[str, float]


@dataclass(frozen=True)
class SegmentSpread:
    question: str
    dimension: str
    spread: float
    lowest: str
    highest: str
    departmentalise: bool


@dataclass(frozen=True)
class RoadmapStep:
    stage: int
    level: int
    dimension: str
    score: float
    gap: float | None
    priority: float


@dataclass(frozen=True)
class AssessmentResult:
    maturity_level: int
    self_assessed_only: bool
    groups: dict[str, GroupResult]
    stakeholder: dict[str, float]
    levels: tuple[LevelResult, ...]
    gaps: dict[str, GapResult]
    segments: tuple[SegmentResult, ...]
    spreads: tuple[SegmentSpread, ...]
    roadmap: tuple[RoadmapStep, ...]
    settings: ScoringSettings


# Scoring.


def _means(dimensions: Mapping[str, DimensionStats]) -> dict[str, float]:
    """Dimension code -> mean, in DIMENSIONS order, for dimensions with at least one respondent."""
    result: dict[str, float] = {}
    for code in DIMENSIONS:
        stats = dimensions.get(code)
        mean = stats.mean if stats is not None else None
        if mean is not None:
            result[code] = mean
    return result


def _group_result(group: GroupInput, settings: ScoringSettings) -> GroupResult:
    dimensions: dict[str, DimensionResult] = {}
    if not group.suppressed:
        for code, mean in _means(group.dimensions).items():
            stats = group.dimensions[code]
            alpha_stats = group.alpha.get(code)
            alpha = None
            if alpha_stats is not None and min(stats.n, alpha_stats.n) >= settings.alpha_min_n:
                alpha = alpha_stats.alpha()
            dimensions[code] = DimensionResult(code, DIMENSIONS[code], mean, stats.n, stats.sd, stats.ci95, alpha)
    return GroupResult(group.group, group.responses, group.threshold, group.suppressed, dimensions)


def _stakeholder_scores(visible: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> dict[str, float]:
    """Rule 5: weights renormalised over the groups that scored each dimension."""
    result: dict[str, float] = {}
    for code in DIMENSIONS:
        # A zero weight means the consultant excluded the group, so it cannot carry a dimension alone.
        pairs = [
            (weights[group], scores[code])
            for group, scores in visible.items()
            if group in STAKEHOLDER_GROUPS and weights[group] > 0.0 and code in scores
        ]
        if pairs:
            values = [score for _, score in pairs]
            mean = math.fsum(w * s for w, s in pairs) / math.fsum(w for w, _ in pairs)
            # Rounding may put a weighted mean a hair outside its inputs (or change a lone score).
            result[code] = min(max(mean, min(values)), max(values))
    return result


def _levels(stakeholder: Mapping[str, float], settings: ScoringSettings) -> tuple[LevelResult, ...]:
    """Rule 7."""
    levels: list[LevelResult] = []
    below_attained = True  # level 0
    for level in LEVELS:
        codes = tuple(code for code, of in DIMENSIONS.items() if of == level and code in stakeholder)
        score = math.fsum(stakeholder[code] for code in codes) / len(codes) if codes else None
        # A dimension without any score is no evidence either way: it neither fails the floor nor
        # counts towards the level score. A level with no scored dimension at all is not attained.
        attained = (
            below_attained
            and score is not None
            and _at_least(score, settings.level_threshold)
            and all(_at_least(stakeholder[code], settings.dimension_floor) for code in codes)
        )
        levels.append(LevelResult(level, score, attained, codes))
        below_attained = attained
    return tuple(levels)


def _gap(code: str, management: float, stakeholder: float, settings: ScoringSettings) -> GapResult:
    """Rule 8."""
    gap = management - stakeholder
    kind: Literal["blind_spot", "hidden_strength"] | None = None
    if _at_least(gap, settings.blind_spot_gap):
        kind = "blind_spot"
    elif _at_least(-gap, settings.blind_spot_gap):
        kind = "hidden_strength"
    return GapResult(code, management, stakeholder, gap, kind)


def _suppressed_values(group: GroupInput, values: Mapping[str, SegmentInput]) -> set[str]:
    """Rule 9 suppression of one segment question's values, complementary suppression included."""
    threshold = group.threshold
    hidden = {value for value, segment in values.items() if segment.responses < threshold}

    def exposed(published: list[str]) -> bool:
        # Published values subtracted from the group's figures give away the unpublished
        # respondents as one block: the hidden values plus those who skipped the question. On
        # the response count and on every dimension (where skippers may differ) that block must
        # hold at least threshold respondents, or none.
        blocks = [group.responses - sum(values[v].responses for v in published)]
        for code, stats in group.dimensions.items():
            blocks.append(
                stats.n - sum(values[v].dimensions[code].n for v in published if code in values[v].dimensions)
            )
        return any(0 < block < threshold for block in blocks)

    published = sorted((v for v in values if v not in hidden), key=lambda v: (values[v].responses, v))
    while published and exposed(published):
        hidden.add(published.pop(0))
    return hidden


def _spreads(question: str, rows: Sequence[SegmentResult], settings: ScoringSettings) -> list[SegmentSpread]:
    spreads: list[SegmentSpread] = []
    for code in DIMENSIONS:
        # Suppressed rows have no dimensions, so only published segments are compared.
        scored = sorted((row.dimensions[code], row.value) for row in rows if code in row.dimensions)
        if len(scored) >= 2:
            (low, lowest), (high, highest) = scored[0], scored[-1]
            spread = high - low
            spreads.append(
                SegmentSpread(question, code, spread, lowest, highest, _at_least(spread, settings.segment_spread))
            )
    return spreads


def _segments(
    visible: Sequence[GroupInput], settings: ScoringSettings
) -> tuple[tuple[SegmentResult, ...], tuple[SegmentSpread, ...]]:
    """Rule 9."""
    rows: list[SegmentResult] = []
    spreads: list[SegmentSpread] = []
    asked_of: dict[str, str] = {}
    for group in visible:
        for question, values in group.segments.items():
            # Results name the question but not the group, so a question may belong to one group only.
            if question in asked_of:
                raise ValueError(
                    f"segment question {question!r} is given for both {asked_of[question]} and {group.group}"
                )
            asked_of[question] = group.group
            hidden = _suppressed_values(group, values)
            question_rows = [
                SegmentResult(
                    question,
                    value,
                    segment.responses,
                    value in hidden,
                    {} if value in hidden else _means(segment.dimensions),
                )
                for value, segment in values.items()
            ]
            rows.extend(question_rows)
            spreads.extend(_spreads(question, question_rows, settings))
    return tuple(rows), tuple(spreads)


def _roadmap(
    stakeholder: Mapping[str, float],
    levels: Sequence[LevelResult],
    gaps: Mapping[str, GapResult],
    settings: ScoringSettings,
) -> tuple[RoadmapStep, ...]:
    """PRODUCT.md section 5: stage 1 up to the first unattained level, stage 2 the level after it."""
    first_open = next((level.level for level in levels if not level.attained), None)
    if first_open is None:
        stages = {level: 1 for level in LEVELS}
    else:
        # Nothing above first_open + 1: a company must not try to jump a level.
        stages = {level: 1 if level <= first_open else 2 for level in LEVELS if level <= first_open + 1}

    steps: list[RoadmapStep] = []
    for code, score in stakeholder.items():
        level = DIMENSIONS[code]
        if level in stages and not _at_least(score, settings.level_threshold):
            gap_result = gaps.get(code)
            gap = gap_result.gap if gap_result is not None else None
            priority = (settings.level_threshold - score) + max(0.0, gap or 0.0) / 2
            steps.append(RoadmapStep(stages[level], level, code, score, gap, priority))
    # Within a stage the lower level goes first (within stage 1 it consolidates the base).
    steps.sort(key=lambda step: (step.stage, step.level, -round(step.priority, _COMPARE_DECIMALS), step.dimension))
    return tuple(steps)


def score_assessment(groups: Sequence[GroupInput], settings: ScoringSettings = DEFAULT_SETTINGS) -> AssessmentResult:
    """PRODUCT.md sections 4 and 5 for one assessment."""
    by_name: dict[str, GroupInput] = {}
    for group in groups:
        if group.group in by_name:
            raise ValueError(f"group {group.group!r} is given twice")
        by_name[group.group] = group
    ordered = [by_name[name] for name in GROUPS if name in by_name]
    group_results = {group.group: _group_result(group, settings) for group in ordered}

    # From here on only unsuppressed groups are read, so a suppressed group leaves no trace.
    visible = [group for group in ordered if not group.suppressed]
    scores = {group.group: _means(group.dimensions) for group in visible}
    stakeholder = _stakeholder_scores(scores, settings.weights)
    management = scores.get(MANAGEMENT, {})

    # Rule 6: the self-assessment stands in only when no stakeholder produced any score.
    self_assessed_only = not stakeholder and bool(management)
    gaps: dict[str, GapResult] = {}
    if self_assessed_only:
        stakeholder = dict(management)
    else:
        gaps = {
            code: _gap(code, management[code], stakeholder[code], settings)
            for code in management
            if code in stakeholder
        }

    levels = _levels(stakeholder, settings)
    segments, spreads = _segments(visible, settings)
    return AssessmentResult(
        # Attained levels form a prefix, so their count is the highest one.
        maturity_level=sum(level.attained for level in levels),
        self_assessed_only=self_assessed_only,
        groups=group_results,
        stakeholder=stakeholder,
        levels=levels,
        gaps=gaps,
        segments=segments,
        spreads=spreads,
        roadmap=_roadmap(stakeholder, levels, gaps, settings),
        settings=settings,
    )
