"""Submits racing each other: a double click counts once, and concurrent respondents lose no update."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from assessment.campaigns.services import create_campaign
from assessment.instruments.selectors import questionnaire
from assessment.models import Campaign, DimensionTotal, Response, ResponseTotal
from assessment.responses.selectors import response_by_token_hash
from assessment.responses.services import (
    ALREADY_SUBMITTED,
    RespondentLinkError,
    save_answers,
    start_shared_response,
    submit_response,
)

from ..helpers import answer_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def answered_response(campaign: Campaign) -> Response:
    response, _ = start_shared_response(campaign_public_id=str(campaign.public_id), signature=_signature(campaign))
    for number, page in enumerate(questionnaire(campaign.instrument_id, campaign.group).pages, start=1):
        values = {item.code: answer_for(item, "4") for item in page.items}
        save_answers(response=response, items=page.items, values=values, current_section=number)
    return response_by_token_hash(response.token_hash)  # as a respondent request loads it


def _signature(campaign: Campaign) -> str:
    from assessment.tokens import share_signature

    return share_signature(str(campaign.public_id), campaign.share_salt)


def race(targets: list[Response]) -> list[str]:
    """Submit each response from its own thread (own database connection), all released at once."""
    outcomes: list[str] = []
    start = threading.Barrier(len(targets))

    def submit(response: Response) -> None:
        try:
            start.wait(timeout=10)
            submit_response(response=response)
            outcomes.append("counted")
        except RespondentLinkError as error:
            outcomes.append(error.reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(r,)) for r in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


def test_a_double_submit_counts_once(assessment):
    campaign = create_campaign(assessment=assessment, group="customers")
    response = answered_response(campaign)
    twin = response_by_token_hash(response.token_hash)
    assert race([response, twin]) == sorted(["counted", ALREADY_SUBMITTED])
    assert ResponseTotal.objects.get(campaign=campaign, bucket="").n == 1
    assert response.dimension_scores.count() == DimensionTotal.objects.filter(campaign=campaign, segment="").count()


def test_concurrent_respondents_lose_no_update(assessment):
    campaign = create_campaign(assessment=assessment, group="employees")
    responses = [answered_response(campaign) for _ in range(8)]
    assert race(responses) == ["counted"] * 8
    assert ResponseTotal.objects.get(campaign=campaign, bucket="").n == 8
    assert set(DimensionTotal.objects.filter(campaign=campaign, segment="").values_list("n", flat=True)) == {8}
