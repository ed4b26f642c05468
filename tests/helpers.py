"""Shared test helpers: answering a questionnaire page through the form, as a browser would post it."""

from __future__ import annotations

from typing import Any

from assessment.instruments.selectors import questionnaire
from assessment.models import Campaign, Item
from assessment.responses.forms import field_name


def page_answers(campaign: Campaign, number: int, likert: str = "4") -> dict[str, Any]:
    """POST data answering every question on one page."""
    page = questionnaire(campaign.instrument_id, campaign.group).pages[number - 1]
    data: dict[str, Any] = {"action": "next"}
    for item in page.items:
        data[field_name(item)] = answer_for(item, likert)
    return data


def answer_for(item: Item, likert: str) -> Any:
    if item.type == Item.Type.LIKERT5:
        return likert
    if item.type == Item.Type.NPS:
        return "9"
    if item.type == Item.Type.SINGLE:
        return item.choices[0]["value"]
    if item.type == Item.Type.MULTI:
        return [item.choices[0]["value"]]
    return "More staff at the counter, please."


def page_count(campaign: Campaign) -> int:
    return len(questionnaire(campaign.instrument_id, campaign.group).pages)
