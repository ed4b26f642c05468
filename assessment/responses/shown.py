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
    """Ids of the items among `items` (a whole questionnaire, in order) that the respondent is not shown.

    Walked in questionnaire order, so an item behind a hidden filter question is hidden too: a stale
    answer to a question the respondent no longer sees opens nothing."""
    if not any(item.shown_if for item in items):
        return frozenset()
    chosen = {answer.item_id: set(answer.choices or ()) for answer in answers}
    ids = {item.code: item.pk for item in items}
    hidden: set[int] = set()
    for item in items:
        if not item.shown_if:
            continue
        source = ids.get(item.shown_if["item"])
        if source is None or source in hidden or not chosen.get(source, set()) & set(item.shown_if["values"]):
            hidden.add(item.pk)
    return frozenset(hidden)


def shown_items(items: Sequence[Item], hidden: frozenset[int]) -> tuple[Item, ...]:
    return tuple(item for item in items if item.pk not in hidden)
