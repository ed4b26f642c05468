"""What a respondent's answers mean: a form value as an answer, the questions shown to them, their scores.

Pure functions, shared by submit, import, deletion and the rebuild of the running totals, so each of
them counts a response the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from .. import scoring
from ..instruments.models import Item
from . import totals
from .shown import Filters, shown_items


class Given(NamedTuple):
    """An answer's stored fields without a model instance: all that scoring reads, a fraction of the cost
    of an Answer (an import of 100,000 respondents makes millions)."""

    item_id: int
    value: int | None = None
    not_applicable: bool = False
    choices: list[str] = []  # noqa: RUF012 - never changed, as in every NamedTuple here
    text: str = ""


class Counted(Protocol):
    """An answer as scoring reads it: a stored Answer or a Given."""

    @property
    def item_id(self) -> int: ...

    @property
    def value(self) -> int | None: ...

    @property
    def not_applicable(self) -> bool: ...

    @property
    def choices(self) -> list[str]: ...


def given_from_value(item: Item, value: Any) -> Given | None:
    """The answer a cleaned value stands for, or None when the question is left blank."""
    if value in (None, "", []):
        return None
    if item.type == Item.Type.LIKERT5:
        if value == "na":
            return Given(item.pk, not_applicable=True)
        return Given(item.pk, value=int(value))
    if item.type == Item.Type.NPS:
        return Given(item.pk, value=int(value))
    if item.type == Item.Type.SINGLE:
        return Given(item.pk, choices=[value])
    if item.type == Item.Type.MULTI:
        return Given(item.pk, choices=list(value))
    return Given(item.pk, text=str(value))


def missing_required(items: Sequence[Item], answered_item_ids: set[int]) -> list[Item]:
    return [item for item in items if item.required and item.pk not in answered_item_ids]


class Shown:
    """The items shown to a respondent (in order), and what scoring reads of them, worked out once."""

    def __init__(self, items: tuple[Item, ...]) -> None:
        self.items = items
        likert = [item for item in items if item.type == Item.Type.LIKERT5]
        self.dimension_ids = {item.dimension.code: item.dimension.pk for item in likert if item.dimension}
        self.specs = [
            scoring.ItemSpec(code=item.code, dimension=item.dimension.code, reverse=item.reverse)
            for item in likert
            if item.dimension
        ]
        self.codes = {item.pk: item.code for item in likert}
        self.contributions = totals.Contributions(items)

    def dimension_scores(self, answers: Sequence[Counted]) -> dict[int, float]:
        """The respondent's score per dimension id (PRODUCT.md 4.1-4.2, computed by the scoring rules)."""
        codes = self.codes
        values = {codes[a.item_id]: a.value for a in answers if a.item_id in codes and not a.not_applicable}
        scores = scoring.respondent_dimension_scores(self.specs, values)
        return {self.dimension_ids[code]: score for code, score in scores.items()}


A = TypeVar("A", bound=Counted)


class Scored(NamedTuple, Generic[A]):
    """One response as it counts: the items shown to it, its answers to those, its dimension scores."""

    shown: tuple[Item, ...]
    answers: list[A]
    scores: dict[int, float]
    contributions: totals.Contributions

    def contribution(self) -> totals.Contribution:
        return self.contributions.of(self.answers, self.scores)


def scored(items: Sequence[Item], answers: Sequence[A]) -> Scored[A]:
    """`items` being everything the group is asked; answers to questions hidden from the respondent by a
    filter question are left out (they answered, then changed the filter answer)."""
    return Scorer(items).scored(answers)


class Scorer:
    """scored() for any number of respondents to one questionnaire (an import): what scoring reads of the
    items is worked out once for each set of items shown, not once per respondent."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self.filters = Filters(items)
        self.shown: dict[frozenset[int], Shown] = {}

    def scored(self, answers: Sequence[A]) -> Scored[A]:
        hidden = self.filters.hidden(answers)
        shown = self.shown.get(hidden)
        if shown is None:
            shown = self.shown[hidden] = Shown(shown_items(self.items, hidden))
        kept = [answer for answer in answers if answer.item_id not in hidden]
        return Scored(shown.items, kept, shown.dimension_scores(kept), shown.contributions)
