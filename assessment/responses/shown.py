"""Filter questions: an item with `shown_if = {"item": CODE, "values": [...]}` is shown only to respondents
whose stored answer to that earlier choice item is one of the values (version 2's complaint questions).

The filter question sits on an earlier page, so what decides is the answer stored when that page was
saved; answering pages, the review, submit, import and the totals' checks all ask this one module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from ..instruments.models import Item


class Chosen(Protocol):
    """An answer as far as filters care: a stored Answer or the answering pages' StoredAnswer."""

    @property
    def item_id(self) -> int: ...

    @property
    def choices(self) -> list[str]: ...


def hidden_ids(items: Sequence[Item], answers: Iterable[Chosen]) -> frozenset[int]:
    """Ids of the items among `items` (a whole questionnaire, in order) that the respondent is not shown."""
    return Filters(items).hidden(answers)


class Filters:
    """The filter questions of a questionnaire (`items`, in order), read once for any number of respondents."""

    def __init__(self, items: Sequence[Item]) -> None:
        ids = {item.code: item.pk for item in items} if any(item.shown_if for item in items) else {}
        rules: list[tuple[int, int | None, frozenset[str]]] = []
        for item in items:
            if item.shown_if:
                rules.append((item.pk, ids.get(item.shown_if["item"]), frozenset(item.shown_if["values"])))
        self.rules = tuple(rules)

    def hidden(self, answers: Iterable[Chosen]) -> frozenset[int]:
        """Walked in questionnaire order, so an item behind a hidden filter question is hidden too: a stale
        answer to a question the respondent no longer sees opens nothing."""
        if not self.rules:
            return frozenset()
        chosen = {answer.item_id: answer.choices for answer in answers}
        hidden: set[int] = set()
        for item_id, source, values in self.rules:
            if source is None or source in hidden or values.isdisjoint(chosen.get(source) or ()):
                hidden.add(item_id)
        return frozenset(hidden)


def shown_items(items: Sequence[Item], hidden: frozenset[int]) -> tuple[Item, ...]:
    return tuple(item for item in items if item.pk not in hidden)
