"""Writes of responses: opening a link, saving pages, submitting, importing, and the running totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .. import scoring
from ..assessments.models import Assessment
from ..campaigns.models import Campaign
from ..campaigns.services import campaign_for_group
from ..db import single, upsert
from ..groups import Group
from ..instruments.models import Item
from ..instruments.selectors import questionnaire
from ..invitations.models import Invitation
from ..invitations.services import mark_invitation
from ..tokens import hash_token, hashes_match, new_token, share_signature_matches
from . import totals
from .models import SEGMENT_FIELDS, Answer, DimensionTotal, ItemTotal, Response, ResponseDimensionScore, ResponseTotal
from .selectors import response_by_token_hash


class RespondentLinkError(Exception):
    """A respondent link that cannot be answered; `reason` picks the page shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


INVALID_LINK = "invalid"
ALREADY_SUBMITTED = "submitted"
CAMPAIGN_CLOSED = "closed"
NOT_OPEN_YET = "not_open_yet"


class IncompleteResponse(Exception):
    def __init__(self, missing: Sequence[Item]) -> None:
        super().__init__(f"{len(missing)} required questions are unanswered")
        self.missing = list(missing)


# Answering


def _check_open(campaign: Campaign) -> None:
    now = timezone.now()
    if now < campaign.opens_at:
        raise RespondentLinkError(NOT_OPEN_YET)
    if campaign.closes_at is not None and now >= campaign.closes_at:
        raise RespondentLinkError(CAMPAIGN_CLOSED)


def open_response(*, token: str) -> Response:
    """The in-progress response behind a respondent link, started on a personal link's first visit."""
    token_hash = hash_token(token)
    response = response_by_token_hash(token_hash)
    if response is not None and hashes_match(response.token_hash, token):
        if response.is_submitted:
            raise RespondentLinkError(ALREADY_SUBMITTED)
        _check_open(response.campaign)
        return response
    invitation = single(
        Invitation.objects.select_related("campaign__assessment__organisation", "campaign__instrument").filter(
            token_hash=token_hash
        )
    )
    if invitation is None or not hashes_match(invitation.token_hash, token):
        raise RespondentLinkError(INVALID_LINK)
    if invitation.status == Invitation.Status.COMPLETED:
        raise RespondentLinkError(ALREADY_SUBMITTED)
    _check_open(invitation.campaign)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                campaign=invitation.campaign,
                invitation=invitation,
                token_hash=token_hash,
                started_at=_started_at(invitation.campaign),
            )
            mark_invitation(invitation_id=invitation.pk, status=Invitation.Status.OPENED)
    except IntegrityError:
        # The same link opened twice at once: the other request created the response.
        response = response_by_token_hash(token_hash)
        if response is None:
            raise RespondentLinkError(INVALID_LINK) from None
        return response
    response.campaign = invitation.campaign
    return response


def start_shared_response(
    *, campaign_public_id: str, signature: str, earlier_token: str | None = None
) -> tuple[Response, str]:
    """The response a visitor of the campaign's shareable link answers, with its resume token: the one
    they left unfinished (its token kept by their browser), or a new one."""
    campaign = single(Campaign.objects.filter(public_id=campaign_public_id).select_related("instrument"))
    if campaign is None or not share_signature_matches(str(campaign.public_id), campaign.share_salt, signature):
        raise RespondentLinkError(INVALID_LINK)
    if campaign.group == Group.MANAGEMENT:
        raise RespondentLinkError(INVALID_LINK)
    _check_open(campaign)
    if earlier_token:
        earlier = response_by_token_hash(hash_token(earlier_token))
        if earlier is not None and earlier.campaign_id == campaign.pk and not earlier.is_submitted:
            return earlier, earlier_token
    token, token_hash = new_token()
    response = Response.objects.create(campaign=campaign, token_hash=token_hash, started_at=_started_at(campaign))
    return response, token


def start_self_assessment(*, assessment: Assessment, user: User) -> Response:
    campaign = campaign_for_group(assessment=assessment, group=Group.MANAGEMENT)
    response, _ = Response.objects.get_or_create(
        campaign=campaign, respondent=user, defaults={"started_at": timezone.now()}
    )
    return response


def _started_at(campaign: Campaign) -> dt.datetime | None:
    # An anonymous response keeps no exact time that could be matched against a log.
    return None if campaign.anonymity == Campaign.Anonymity.ANONYMOUS else timezone.now()


def save_answers(*, response: Response, items: Sequence[Item], values: Mapping[str, Any], current_section: int) -> None:
    """Store one page's answers (save and resume). `values` maps item code to the form's cleaned value;
    an item on the page with no value is cleared."""
    rows: list[Answer] = []
    cleared: list[int] = []
    for item in items:
        answer = answer_from_value(item, values.get(item.code))
        if answer is None:
            cleared.append(item.pk)
        else:
            answer.response = response
            rows.append(answer)
    with transaction.atomic():
        choices = Answer._meta.get_field("choices")
        upsert(
            Answer,
            ["response_id", "item_id"],
            ["value", "not_applicable", "choices", "text"],
            [
                (
                    response.pk,
                    a.item_id,
                    a.value,
                    a.not_applicable,
                    choices.get_db_prep_save(a.choices, connection),
                    a.text,
                )
                for a in rows
            ],
            add=False,
        )
        if cleared:
            Answer.objects.filter(response=response, item_id__in=cleared).delete()
        if response.current_section != current_section:
            response.current_section = current_section
            Response.objects.filter(pk=response.pk).update(current_section=current_section)
        if response.invitation_id and rows:
            mark_invitation(invitation_id=response.invitation_id, status=Invitation.Status.STARTED)


def answer_from_value(item: Item, value: Any) -> Answer | None:
    """An unsaved Answer for a cleaned value, or None when the question is left blank."""
    if value in (None, "", []):
        return None
    if item.type == Item.Type.LIKERT5:
        if value == "na":
            return Answer(item=item, not_applicable=True)
        return Answer(item=item, value=int(value))
    if item.type == Item.Type.NPS:
        return Answer(item=item, value=int(value))
    if item.type == Item.Type.SINGLE:
        return Answer(item=item, choices=[value])
    if item.type == Item.Type.MULTI:
        return Answer(item=item, choices=list(value))
    return Answer(item=item, text=str(value))


def missing_required(items: Sequence[Item], answered_item_ids: set[int]) -> list[Item]:
    return [item for item in items if item.required and item.pk not in answered_item_ids]


def submit_response(*, response: Response) -> Response:
    """Count a response once: score it, copy its segments, and in anonymous campaigns cut every link
    from it to the invitation, the token and the exact time."""
    asked = questionnaire(response.campaign.instrument_id, response.campaign.group)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.submitted_at is not None:
            raise RespondentLinkError(ALREADY_SUBMITTED)
        answers = list(Answer.objects.filter(response=locked))
        missing = missing_required(asked.items, {a.item_id for a in answers})
        if missing:
            raise IncompleteResponse(missing)
        scores, added = _finish(locked, response.campaign, asked.items, answers)
        ResponseDimensionScore.objects.bulk_create(scores)
        if locked.invitation_id:
            mark_invitation(invitation_id=locked.invitation_id, status=Invitation.Status.COMPLETED)
        if response.campaign.anonymity == Campaign.Anonymity.ANONYMOUS:
            locked.invitation, locked.token_hash = None, None
        locked.save(update_fields=["submitted_at", "invitation", "token_hash", *SEGMENT_FIELDS])
        tally = totals.Tally()
        tally.add(added)
        tally.save(locked.campaign_id)
    return locked


def _finish(
    response: Response, campaign: Campaign, items: Sequence[Item], answers: Sequence[Answer]
) -> tuple[list[ResponseDimensionScore], totals.Contribution]:
    """Set a response's submit-time fields (segments, time); return its unsaved dimension scores and
    what it adds to the campaign's running totals."""
    scores = dimension_scores(items, answers)
    added = totals.contribution(items, answers, scores)
    for question, value in added.segments.items():
        setattr(response, question, value)
    now = timezone.now()
    if campaign.anonymity == Campaign.Anonymity.ANONYMOUS:
        # Day precision only, so submit times cannot be matched with invitation activity.
        now = now.replace(hour=0, minute=0, second=0, microsecond=0)
    response.submitted_at = now
    rows = [ResponseDimensionScore(response=response, dimension_id=d, score=score) for d, score in scores.items()]
    return rows, added


def dimension_scores(items: Sequence[Item], answers: Sequence[Answer]) -> dict[int, float]:
    """The respondent's score per dimension id (PRODUCT.md 4.1-4.2, computed by the scoring rules)."""
    likert = [item for item in items if item.type == Item.Type.LIKERT5]
    dimension_ids = {item.dimension.code: item.dimension.pk for item in likert if item.dimension}
    specs = [
        scoring.ItemSpec(code=item.code, dimension=item.dimension.code, reverse=item.reverse)
        for item in likert
        if item.dimension
    ]
    codes = {item.pk: item.code for item in likert}
    values = {codes[a.item_id]: a.value for a in answers if a.item_id in codes and not a.not_applicable}
    return {dimension_ids[code]: score for code, score in scoring.respondent_dimension_scores(specs, values).items()}


def store_imported_responses(*, campaign: Campaign, rows: Sequence[Mapping[Item, Any]]) -> int:
    """Submitted responses from a validated import, all or nothing. Returns how many were stored."""
    items = questionnaire(campaign.instrument_id, campaign.group).items
    responses: list[Response] = []
    answers: list[Answer] = []
    scores: list[ResponseDimensionScore] = []
    tally = totals.Tally()
    for row in rows:
        response = Response(campaign=campaign, source=Response.Source.IMPORT)
        row_answers = [a for item, value in row.items() if (a := answer_from_value(item, value)) is not None]
        for answer in row_answers:
            answer.response = response
        response_scores, added = _finish(response, campaign, items, row_answers)
        scores.extend(response_scores)
        tally.add(added)
        responses.append(response)
        answers.extend(row_answers)
    with transaction.atomic():
        Response.objects.bulk_create(responses, batch_size=1000)
        Answer.objects.bulk_create(answers, batch_size=2000)
        ResponseDimensionScore.objects.bulk_create(scores, batch_size=2000)
        tally.save(campaign.pk)
    return len(responses)


def rebuild_totals(*, campaign: Campaign) -> None:
    """Recompute a campaign's running totals from its stored answers (after responses were deleted by hand).

    Run it while the campaign takes no submissions: a submit committed during the rebuild could be
    counted twice."""
    items = questionnaire(campaign.instrument_id, campaign.group).items
    with transaction.atomic():
        for model in (ResponseTotal, DimensionTotal, ItemTotal):
            model.objects.filter(campaign=campaign).delete()
        tally = totals.Tally()
        submitted = Response.objects.filter(campaign=campaign, submitted_at__isnull=False).order_by("pk")
        for response in submitted.prefetch_related("answers").iterator(chunk_size=2000):
            answers = list(response.answers.all())
            tally.add(totals.contribution(items, answers, dimension_scores(items, answers)))
        tally.save(campaign.pk)
