"""The access-checked lookup of a campaign (rules in organisations/access.py)."""

from __future__ import annotations

from ..organisations.access import Access, Need, Principal, get_object
from .models import Campaign


def get_campaign(user: Principal, campaign_id: int, *, need: Need = Need.VIEW) -> tuple[Campaign, Access]:
    """HR sees employee campaigns only; another group's campaign is as missing as another tenant's."""
    return get_object(user, Campaign, campaign_id, need=need, via="assessment__organisation", group="group")
