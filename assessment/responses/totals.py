"""Running totals of submitted responses, so reports read a few rows whatever the number of responses.

Every submit and import adds its responses' contribution in three statements (one per table), and
deleting responses takes theirs away again; the sums (n, sum, sum of squares) are exactly what
scoring.py needs for means, SDs, CIs and alpha.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, models

from .. import scoring
from ..db import Statement, run_together, upsert_statements
from ..instruments.models import Item
from .models import SEGMENT_FIELDS, DimensionTotal, ItemTotal, ResponseTotal

if TYPE_CHECKING:
    from .answers import Counted  # answers.py imports this module


@dataclass(frozen=True)
class Contribution:
    """What one submitted response adds to its campaign's totals."""

    scores: dict[int, float]  # dimension id -> the respondent's dimension score
    segments: dict[str, str]  # segment question -> value
    nps: int | None
    # dimension id -> [(item id, item score)] when every item of it shown to everybody is answered
    complete: dict[int, list[tuple[int, float]]]


class Contributions:
    """What responses shown the same items add to the totals (Contribution), the items read once."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.by_item = {item.pk: item for item in items}
        # The alpha sums ("complete") cover only the items shown to everybody: alpha needs the same k items
        # answered by each of its n respondents, which items behind a filter question cannot give.
        self.common: dict[int, list[tuple[int, bool]]] = {}
        for item in items:
            if item.type == Item.Type.LIKERT5 and item.dimension_id and not item.shown_if:
                self.common.setdefault(item.dimension_id, []).append((item.pk, item.reverse))

    def of(self, answers: Sequence[Counted], scores: dict[int, float]) -> Contribution:
        segments: dict[str, str] = {}
        nps = None
        for answer in answers:
            item = self.by_item.get(answer.item_id)
            if item is None:
                continue
            if item.segment in SEGMENT_FIELDS and answer.choices:
                segments[item.segment] = answer.choices[0]
            elif item.type == Item.Type.NPS and answer.value is not None:
                nps = answer.value
        answered = {a.item_id: a.value for a in answers if a.value is not None and not a.not_applicable}
        complete = {}
        for dimension_id, dimension_items in self.common.items():
            if all(item_id in answered for item_id, _ in dimension_items):
                complete[dimension_id] = [
                    (item_id, scoring.item_score(answered[item_id], reverse) or 0.0)
                    for item_id, reverse in dimension_items
                ]
        return Contribution(scores=scores, segments=segments, nps=nps, complete=complete)


def nps_bucket(value: int) -> str:
    if value >= 9:
        return "nps=promoter"
    if value >= 7:
        return "nps=passive"
    return "nps=detractor"


@dataclass
class Tally:
    """Contributions of many responses summed in memory, then written in a few statements."""

    responses: Counter[str] = field(default_factory=Counter)
    dimensions: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    items: dict[int, list[float]] = field(default_factory=dict)

    def add(self, c: Contribution) -> None:
        buckets = [""] + [f"{question}={value}" for question, value in sorted(c.segments.items())]
        self.responses.update(buckets)
        if c.nps is not None:
            self.responses[nps_bucket(c.nps)] += 1
        for dimension_id, score in c.scores.items():
            for bucket in buckets:
                row = self.dimensions.setdefault((dimension_id, bucket), [0, 0.0, 0.0, 0, 0.0, 0.0])
                row[0] += 1
                row[1] += score
                row[2] += score * score
        for dimension_id, item_scores in c.complete.items():
            row = self.dimensions.setdefault((dimension_id, ""), [0, 0.0, 0.0, 0, 0.0, 0.0])
            respondent_total = sum(s for _, s in item_scores)
            row[3] += 1
            row[4] += respondent_total
            row[5] += respondent_total * respondent_total
            for item_id, s in item_scores:
                item_row = self.items.setdefault(item_id, [0, 0.0, 0.0])
                item_row[0] += 1
                item_row[1] += s
                item_row[2] += s * s

    def save(self, campaign_id: int) -> None:
        run_together(self.statements(campaign_id))

    def statements(self, campaign_id: int) -> list[Statement]:
        """What save() runs, to run with a submit's other writes. Rows in key order, so concurrent submits to
        one campaign lock them in the same order."""
        return [
            *upsert_statements(
                ResponseTotal,
                ["campaign_id", "bucket"],
                ["n"],
                [(campaign_id, b, n) for b, n in sorted(self.responses.items())],
                add=True,
            ),
            *upsert_statements(
                DimensionTotal,
                ["campaign_id", "dimension_id", "segment"],
                ["n", "total", "total_sq", "complete_n", "complete_total", "complete_total_sq"],
                [(campaign_id, d, s, *values) for (d, s), values in sorted(self.dimensions.items())],
                add=True,
            ),
            *upsert_statements(
                ItemTotal,
                ["campaign_id", "item_id"],
                ["n", "total", "total_sq"],
                [(campaign_id, i, *values) for i, values in sorted(self.items.items())],
                add=True,
            ),
        ]

    def take_away(self, campaign_id: int) -> None:
        """Subtract these contributions (of deleted responses) from the campaign's totals and drop the rows
        left empty, so the totals equal a rebuild from the remaining answers. UPDATEs rather than the upsert:
        PostgreSQL checks an INSERT's row, negative counts included, against the >= 0 checks before it sees
        the conflict."""
        _subtract(
            ResponseTotal, ["campaign_id", "bucket"], ["n"], [(campaign_id, *r) for r in sorted(self.responses.items())]
        )
        _subtract(
            DimensionTotal,
            ["campaign_id", "dimension_id", "segment"],
            ["n", "total", "total_sq", "complete_n", "complete_total", "complete_total_sq"],
            [(campaign_id, d, s, *values) for (d, s), values in sorted(self.dimensions.items())],
        )
        _subtract(
            ItemTotal,
            ["campaign_id", "item_id"],
            ["n", "total", "total_sq"],
            [(campaign_id, i, *values) for i, values in sorted(self.items.items())],
        )
        ResponseTotal.objects.filter(campaign_id=campaign_id, n=0).delete()
        DimensionTotal.objects.filter(campaign_id=campaign_id, n=0, complete_n=0).delete()
        ItemTotal.objects.filter(campaign_id=campaign_id, n=0).delete()


def _subtract(model: type[models.Model], keys: list[str], values: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows of (*keys, *values): subtract the values from the row with those keys, one statement per row
    (sent together by executemany), in key order like Tally.save so concurrent writers lock alike."""
    if not rows:
        return
    q = connection.ops.quote_name
    updates = ", ".join(f"{q(v)} = {q(v)} - %s" for v in values)
    where = " AND ".join(f"{q(k)} = %s" for k in keys)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {q(model._meta.db_table)} SET {updates} WHERE {where}",  # noqa: S608 - names quoted, values bound
            [(*row[len(keys) :], *row[: len(keys)]) for row in rows],
        )
