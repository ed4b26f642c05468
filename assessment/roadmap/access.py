"""The access-checked lookup of an action (rules in organisations/access.py)."""

from __future__ import annotations

from ..organisations.access import Access, Need, Principal, get_object
from .models import Action


def get_action(user: Principal, action_id: int, *, need: Need = Need.VIEW) -> tuple[Action, Access]:
    return get_object(user, Action, action_id, need=need, via="assessment__organisation")
