"""Submits racing each other and the rebuild of the totals: a double click counts once, concurrent
respondents lose no update, and a submit during a rebuild is counted once."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from assessment.campaigns.services import create_campaign
from assessment.instruments.selectors import questionnaire
from assessment.models import Campaign, DimensionTotal, ItemTotal, Response, ResponseTotal
from assessment.responses import services
from assessment.responses.selectors import response_by_token_hash
from assessment.responses.services import (
    ALREADY_SUBMITTED,
    RespondentLinkError,
    rebuild_totals,
    save_answers,
    start_shared_response,
    submit_response,
)

from ..helpers import answer_for
from .totals_snapshot import assert_totals_equal_a_rebuild

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


def test_a_submit_waits_for_a_rebuild_and_counts_once(assessment, monkeypatch):
    """The rebuild is held just after it took its lock and emptied the totals, before it reads the answers:
    the moment a submit committing meanwhile would be read by the rebuild and added by itself, twice."""
    campaign = create_campaign(assessment=assessment, group="employees")
    for _ in range(3):
        submit_response(response=answered_response(campaign))
    pending = answered_response(campaign)
    # Totals lost (the reason to rebuild), so no row lock of the rebuild's delete stands in the submit's way.
    for model in (ResponseTotal, DimensionTotal, ItemTotal):
        model.objects.filter(campaign=campaign).delete()

    holding, release = threading.Event(), threading.Event()
    finished: list[str] = []
    real = services.submitted_answers

    def held(responses):
        holding.set()
        release.wait(timeout=20)
        return real(responses)

    monkeypatch.setattr(services, "submitted_answers", held)

    def run(name: str, work) -> threading.Thread:
        def target() -> None:
            try:
                work()
                finished.append(name)
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        return thread

    rebuild = run("rebuild", lambda: rebuild_totals(campaign=campaign))
    assert holding.wait(timeout=20)
    submit = run("submit", lambda: submit_response(response=pending))
    submit.join(timeout=1)
    assert submit.is_alive(), "the submit did not wait for the rebuild"
    release.set()
    rebuild.join(timeout=30)
    submit.join(timeout=30)
    assert sorted(finished) == ["rebuild", "submit"]

    monkeypatch.setattr(services, "submitted_answers", real)
    assert assert_totals_equal_a_rebuild(campaign)["response", ""] == (4,)
