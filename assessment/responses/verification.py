"""verify_totals: a campaign's running totals recomputed from its raw answers, and compared with the stored rows.

A path of its own on purpose: each response is scored with the scoring rules directly and summed here,
without totals.py or the dimension scores stored at submit, so a fault in the running totals'
machinery shows up as a difference instead of being repeated. Only the filter-question rule is shared.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import scoring
from ..campaigns.models import Campaign
from ..instruments.models import Item
from ..instruments.selectors import questionnaire
from .models import SEGMENT_FIELDS, Answer, DimensionTotal, ItemTotal, Response, ResponseTotal
from .selectors import submitted_answers
from .shown import hidden_ids

RELATIVE_TOLERANCE = 1e-6
# Sums that should be 0 are left with rounding dust after responses are taken away.
ABSOLUTE_TOLERANCE = 1e-6

# Each stored row as (table, key...) -> its values, in the order of FIELDS[table].
Totals = dict[tuple[str, ...], list[float]]
FIELDS = {
    "ResponseTotal": ("n",),
    "DimensionTotal": ("n", "total", "total_sq", "complete_n", "complete_total", "complete_total_sq"),
    "ItemTotal": ("n", "total", "total_sq"),
}
COUNTS = {"n", "complete_n"}


def differences(campaign: Campaign) -> list[str]:
    """What differs between the campaign's stored totals and those its answers give; empty when they agree."""
    stored, expected = stored_totals(campaign), expected_totals(campaign)
    found = []
    # The response counts first: a fault there usually explains the rest.
    for key in sorted(stored.keys() | expected.keys(), key=lambda row: (list(FIELDS).index(row[0]), row[1:])):
        table = key[0]
        fields = FIELDS[table]
        have, want = stored.get(key, [0.0] * len(fields)), expected.get(key, [0.0] * len(fields))
        for name, a, b in zip(fields, have, want, strict=True):
            if not _same(name, a, b):
                where = " ".join(part or "(all)" for part in key[1:])
                found.append(f"{table} {where} {name}: stored {a:g}, expected {b:g}")
    return found


def _same(field: str, stored: float, expected: float) -> bool:
    if field in COUNTS:
        return stored == expected
    return math.isclose(stored, expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)


def stored_totals(campaign: Campaign) -> Totals:
    found: Totals = {}
    for bucket, n in ResponseTotal.objects.filter(campaign=campaign).values_list("bucket", "n"):
        found["ResponseTotal", bucket] = [n]
    for code, segment, *values in DimensionTotal.objects.filter(campaign=campaign).values_list(
        "dimension__code", "segment", *FIELDS["DimensionTotal"]
    ):
        found["DimensionTotal", code, segment] = values
    for code, *values in ItemTotal.objects.filter(campaign=campaign).values_list("item__code", *FIELDS["ItemTotal"]):
        found["ItemTotal", code] = values
    return found


def expected_totals(campaign: Campaign) -> Totals:
    items = questionnaire(campaign.instrument_id, campaign.group).items
    expected: Totals = {}
    for _, answers in submitted_answers(Response.objects.filter(campaign=campaign)):
        _count(expected, items, answers)
    return expected


def _count(expected: Totals, items: Sequence[Item], answers: Sequence[Answer]) -> None:
    """Add one submitted response to the expected totals."""
    hidden = hidden_ids(items, answers)
    shown = [item for item in items if item.pk not in hidden]
    by_item = {answer.item_id: answer for answer in answers}
    likert = [item for item in shown if item.type == Item.Type.LIKERT5 and item.dimension]
    values = {
        item.code: answer.value
        for item in likert
        if (answer := by_item.get(item.pk)) is not None and answer.value is not None and not answer.not_applicable
    }
    specs = [scoring.ItemSpec(item.code, item.dimension.code, item.reverse) for item in likert if item.dimension]
    scores = scoring.respondent_dimension_scores(specs, values)

    segments = []
    for item in shown:
        answer = by_item.get(item.pk)
        if answer is None:
            continue
        if item.segment in SEGMENT_FIELDS and answer.choices:
            segments.append(f"{item.segment}={answer.choices[0]}")
        elif item.type == Item.Type.NPS and answer.value is not None:
            kind = "promoter" if answer.value >= 9 else "passive" if answer.value >= 7 else "detractor"
            _add(expected, ("ResponseTotal", f"nps={kind}"), [1])
    for bucket in ["", *segments]:
        _add(expected, ("ResponseTotal", bucket), [1])
        for code, score in scores.items():
            _add(expected, ("DimensionTotal", code, bucket), [1, score, score * score, 0, 0.0, 0.0])

    # Cronbach's alpha sums: respondents who answered every item of a dimension that everybody is shown.
    for code in {item.dimension.code for item in likert if item.dimension}:
        common = [item for item in likert if item.dimension and item.dimension.code == code and not item.shown_if]
        if not common or any(item.code not in values for item in common):
            continue
        item_scores = [(item.code, scoring.item_score(values[item.code], item.reverse) or 0.0) for item in common]
        respondent_total = math.fsum(s for _, s in item_scores)
        _add(expected, ("DimensionTotal", code, ""), [0, 0.0, 0.0, 1, respondent_total, respondent_total**2])
        for item_code, s in item_scores:
            _add(expected, ("ItemTotal", item_code), [1, s, s * s])


def _add(expected: Totals, key: tuple[str, ...], values: list[float]) -> None:
    row = expected.setdefault(key, [0.0] * len(values))
    for i, value in enumerate(values):
        row[i] += value
