"""The access-checked lookup of an assessment (rules in organisations/access.py)."""

from __future__ import annotations

from ..organisations.access import Access, Need, Principal, get_object
from .models import Assessment


def get_assessment(user: Principal, assessment_id: int, *, need: Need = Need.VIEW) -> tuple[Assessment, Access]:
    return get_object(user, Assessment, assessment_id, need=need, via="organisation")
