"""Shared test helpers: answering a questionnaire page through the form as a browser would post it, or by
clicking in a real browser."""

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


def answer_page(page: Any, likert_label: str) -> None:
    """Click one answer in every question on the page, as a person would."""
    for question in page.locator("fieldset.question").all():
        kind = question.get_attribute("data-type")
        if kind == "likert5":
            question.get_by_text(likert_label, exact=True).click()
        elif kind == "nps":
            question.locator("label", has_text="8").first.click()
        elif kind in ("single", "multi"):
            question.locator(".choice label").first.click()
        else:
            question.locator("textarea").fill("Answer the phone faster.")
