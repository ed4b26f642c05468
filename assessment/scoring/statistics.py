"""Rules 3 and 10: sufficient statistics (counts, sums, sums of squares), so the database can aggregate."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .settings import MAX_SCORE

# Sums handed over by the database may carry rounding from its own float arithmetic.
_SUM_SLACK = 1.0 + 1e-9
_MAX_SCORE = MAX_SCORE


def check_count(what: str, value: int) -> None:
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value}")


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


@dataclass(frozen=True)
class DimensionStats:
    """COUNT, SUM and SUM of squares of respondents' scores (0..100) in one dimension."""

    n: int
    total: float
    total_sq: float

    def __post_init__(self) -> None:
        check_count("DimensionStats.n", self.n)
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


def means(dimensions: Mapping[str, DimensionStats], codes: Iterable[str]) -> dict[str, float]:
    """Code -> mean in the order of codes, for the dimensions with at least one respondent."""
    result: dict[str, float] = {}
    for code in codes:
        stats = dimensions.get(code)
        mean = stats.mean if stats is not None else None
        if mean is not None:
            result[code] = mean
    return result


@dataclass(frozen=True)
class AlphaStats:
    """Per-item and per-total sums over the respondents who answered all k items of a dimension."""

    n: int
    item_sums: tuple[float, ...]
    item_sums_sq: tuple[float, ...]
    total_sum: float
    total_sum_sq: float

    def __post_init__(self) -> None:
        check_count("AlphaStats.n", self.n)
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
