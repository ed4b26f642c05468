"""What a respondent's answers mean: a form value as an Answer, the questions shown to them, their scores.

Pure functions, shared by submit, import, deletion and the rebuild of the running totals, so each of
them counts a response the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from .. import scoring
from ..instruments.models import Item
from . import totals
from .models import Answer
from .shown import hidden_ids, shown_items


def answer_from_value(item: Item, value: Any) -> Answer | None:
    """An unsaved Answer for a cleaned value, or None when the question is left blank."""
    if value in (None, "", []):
        return None
    if item.type == Item.Type.LIKERT5:
        if value == "na":
            return Answer(item=item, not_applicable=True)
        return Answer(item=item, value=int(value))
    if item.type == Item.Type.NPS:
        return Answer(item=item, value=int(value))
    if item.type == Item.Type.SINGLE:
        return Answer(item=item, choices=[value])
    if item.type == Item.Type.MULTI:
        return Answer(item=item, choices=list(value))
    return Answer(item=item, text=str(value))


def missing_required(items: Sequence[Item], answered_item_ids: set[int]) -> list[Item]:
    return [item for item in items if item.required and item.pk not in answered_item_ids]


def dimension_scores(items: Sequence[Item], answers: Sequence[Answer]) -> dict[int, float]:
    """The respondent's score per dimension id (PRODUCT.md 4.1-4.2, computed by the scoring rules);
    `items` are those shown to them."""
    likert = [item for item in items if item.type == Item.Type.LIKERT5]
    dimension_ids = {item.dimension.code: item.dimension.pk for item in likert if item.dimension}
    specs = [
        scoring.ItemSpec(code=item.code, dimension=item.dimension.code, reverse=item.reverse)
        for item in likert
        if item.dimension
    ]
    codes = {item.pk: item.code for item in likert}
    values = {codes[a.item_id]: a.value for a in answers if a.item_id in codes and not a.not_applicable}
    return {dimension_ids[code]: score for code, score in scoring.respondent_dimension_scores(specs, values).items()}


class Scored(NamedTuple):
    """One response as it counts: the items shown to it, its answers to those, its dimension scores."""

    shown: tuple[Item, ...]
    answers: list[Answer]
    scores: dict[int, float]

    def contribution(self) -> totals.Contribution:
        return totals.contribution(self.shown, self.answers, self.scores)


def scored(items: Sequence[Item], answers: Sequence[Answer]) -> Scored:
    """`items` being everything the group is asked; answers to questions hidden from the respondent by a
    filter question are left out (they answered, then changed the filter answer)."""
    hidden = hidden_ids(items, answers)
    shown = shown_items(items, hidden)
    kept = [answer for answer in answers if answer.item_id not in hidden]
    return Scored(shown, kept, dimension_scores(shown, kept))
