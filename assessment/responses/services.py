"""Writes of responses: opening a link, saving pages, submitting, importing, deleting, and the running totals."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import islice
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..assessments.models import Assessment
from ..campaigns.models import Campaign
from ..campaigns.services import campaign_for_group
from ..db import (
    foreign_keys_checked_per_statement,
    insert_rows,
    insert_statements,
    run_together,
    single,
    update_statement,
)
from ..groups import Group
from ..instruments.models import Item
from ..instruments.selectors import questionnaire
from ..invitations.models import Invitation
from ..invitations.services import mark_invitation
from ..results.models import ShownFigures
from ..tokens import (
    hash_token,
    hashes_match,
    new_shared_token,
    share_signature_matches,
    shared_token_campaign,
    submitted_digest,
)
from . import totals
from .answers import Given, Scored, Scorer, given_from_value, missing_required, scored
from .importing import CheckedFile
from .models import (
    SEGMENT_FIELDS,
    Answer,
    DimensionTotal,
    ImportedFile,
    ItemTotal,
    Response,
    ResponseDimensionScore,
    ResponseTotal,
    SubmittedLink,
)
from .selectors import response_by_token_hash, submitted_answers
from .storing import lock_for_submit, store_page


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


def find_link(*, token: str, with_answers: bool = False) -> tuple[Campaign, Response | None, Invitation | None]:
    """What a respondent link leads to, read only: a GET may come from a mail system's link scanner, so
    opening a link writes nothing; the respondent's first POST creates the response (open_response).
    Returns the campaign with the response once it exists, else with the invitation (a personal link) or
    neither (a shareable link's visitor, whose signed token names the campaign). `with_answers` reads the
    response's answers in the same query, for a page about to show them."""
    token_hash = hash_token(token)
    response = response_by_token_hash(token_hash, with_answers=with_answers)
    if response is not None and hashes_match(response.token_hash, token):
        if response.is_submitted:
            raise RespondentLinkError(ALREADY_SUBMITTED)
        _check_open(response.campaign)
        return response.campaign, response, None
    public_id = shared_token_campaign(token)
    if public_id is not None:
        campaign = single(Campaign.objects.filter(public_id=public_id))
        if campaign is None or campaign.group == Group.MANAGEMENT:
            raise RespondentLinkError(INVALID_LINK)
        _check_open(campaign)
        return campaign, None, None
    invitation = single(
        Invitation.objects.select_related("campaign__assessment__organisation", "campaign__instrument").filter(
            token_hash=token_hash
        )
    )
    if invitation is None or not hashes_match(invitation.token_hash, token):
        raise RespondentLinkError(INVALID_LINK)
    if (
        invitation.status == Invitation.Status.COMPLETED
        or SubmittedLink.objects.filter(digest=submitted_digest(token_hash)).exists()
    ):
        raise RespondentLinkError(ALREADY_SUBMITTED)
    # The self-assessment is answered logged in, by the organisation's managers only.
    if invitation.campaign.group == Group.MANAGEMENT:
        raise RespondentLinkError(INVALID_LINK)
    _check_open(invitation.campaign)
    # Each e-mail (a reminder too) carries a new link: a response begun from an earlier one goes on here.
    begun = single(Response.objects.filter(invitation=invitation, submitted_at__isnull=True))
    if begun is not None:
        begun.campaign = invitation.campaign
    return invitation.campaign, begun, invitation


def unsaved_response(campaign: Campaign, invitation: Invitation | None) -> Response:
    """The response a link will create on its first POST, for showing a page before then (nothing stored)."""
    language = invitation.language if invitation is not None and invitation.language else "en"
    return Response(campaign=campaign, invitation=invitation, language=language)


Link = tuple[Campaign, Response | None, Invitation | None]


def open_response(*, token: str, language: str = "", found: Link | None = None, browser_key: str = "") -> Response:
    """The in-progress response behind a respondent link, created on the respondent's first POST and bound
    to the browser holding `browser_key` (see Response.browser_hash). `found` is what find_link() answered
    for this token in the same request, so as not to read it twice."""
    campaign, response, invitation = found or find_link(token=token)
    token_hash = hash_token(token)
    if response is not None:
        if response.token_hash != token_hash:
            # Begun from an earlier e-mail's link: the newest link is the one that works from now on.
            Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(token_hash=token_hash)
            response.token_hash = token_hash
        return response
    try:
        with transaction.atomic():
            response = Response.objects.create(
                campaign=campaign,
                invitation=invitation,
                token_hash=token_hash,
                browser_hash=hash_token(browser_key) if browser_key else "",
                language=language or (invitation.language if invitation else "") or "en",
                started_at=_started_at(campaign),
            )
            if invitation is not None:
                mark_invitation(invitation_id=invitation.pk, status=Invitation.Status.OPENED)
    except IntegrityError:
        # The same link opened twice at once: the other request created the response.
        response = response_by_token_hash(token_hash)
        if response is None:
            raise RespondentLinkError(INVALID_LINK) from None
        return response
    response.campaign = campaign
    return response


def started_elsewhere(response: Response, browser_key: str | None) -> bool:
    """Whether a saved response was begun in another browser than the one holding `browser_key`."""
    return bool(response.pk and response.browser_hash) and not (
        browser_key and hashes_match(response.browser_hash, browser_key)
    )


def start_again(*, response: Response, browser_key: str) -> None:
    """Begin a response afresh in this browser: the answers saved in the other one are deleted unread."""
    with transaction.atomic():
        Answer.objects.filter(response_id=response.pk, response__submitted_at__isnull=True).delete()
        Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
            browser_hash=hash_token(browser_key), current_section=0
        )


def set_language(*, response: Response, language: str) -> None:
    """The respondent's choice of language, kept across save and resume."""
    if response.language != language:
        Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(language=language)
        response.language = language


def find_shared_campaign(*, campaign_public_id: str, signature: str) -> Campaign:
    """The open campaign behind a shareable link, read only (a GET writes nothing)."""
    campaign = single(Campaign.objects.filter(public_id=campaign_public_id))
    if campaign is None or not share_signature_matches(str(campaign.public_id), campaign.share_salt, signature):
        raise RespondentLinkError(INVALID_LINK)
    if campaign.group == Group.MANAGEMENT:
        raise RespondentLinkError(INVALID_LINK)
    _check_open(campaign)
    return campaign


def start_shared_response(*, campaign_public_id: str, signature: str, language: str = "en") -> tuple[Response, str]:
    """A new response on a shareable link, created at once, with its token (the pages instead create it on
    the visitor's first POST; a returning browser resumes through its remembered token)."""
    campaign = find_shared_campaign(campaign_public_id=campaign_public_id, signature=signature)
    token = new_shared_token(str(campaign.public_id))
    return open_response(token=token, language=language), token


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
    an item on the page with no value is cleared. A submitted response's answers never change: a page
    posted after the submit (a second tab) is refused with ALREADY_SUBMITTED."""
    rows: list[Given] = []
    cleared: list[int] = []
    for item in items:
        answer = given_from_value(item, values.get(item.code))
        if answer is None:
            cleared.append(item.pk)
        else:
            rows.append(answer)
    if not store_page(response_id=response.pk, current_section=current_section, given=rows, cleared=cleared):
        raise RespondentLinkError(ALREADY_SUBMITTED)
    response.current_section = current_section
    if response.invitation_id and rows:
        mark_invitation(invitation_id=response.invitation_id, status=Invitation.Status.STARTED)


def submit_response(*, response: Response) -> Response:
    """Count a response once: score it, copy its segments, and in anonymous campaigns cut every link
    from it to the invitation, the token and the exact time."""
    asked = questionnaire(response.campaign.instrument_id, response.campaign.group)
    with transaction.atomic():
        found = lock_for_submit(response_id=response.pk, campaign_id=response.campaign_id)
        if found is None:
            raise RespondentLinkError(INVALID_LINK)
        # The answers as plain rows, not model instances: all that scoring reads, at a fraction of the cost.
        locked, answers = found
        if locked.submitted_at is not None:
            raise RespondentLinkError(ALREADY_SUBMITTED)
        counted = scored(asked.items, answers)
        missing = missing_required(counted.shown, {a.item_id for a in counted.answers})
        if missing:
            raise IncompleteResponse(missing)
        hidden = {a.item_id for a in answers} - {a.item_id for a in counted.answers}
        if hidden:
            # Answers to questions that a changed filter answer hid are not the respondent's last word.
            Answer.objects.filter(response=locked, item_id__in=hidden).delete()
        added = _finish(locked, response.campaign, counted)
        anonymous = response.campaign.anonymity == Campaign.Anonymity.ANONYMOUS
        if locked.invitation_id and anonymous:
            # In a transaction of its own, after this one: rows written in one transaction share its id
            # (PostgreSQL's xmin), which would tie the anonymous response to its invitee.
            done = partial(mark_invitation, invitation_id=locked.invitation_id, status=Invitation.Status.COMPLETED)
            transaction.on_commit(done)
        elif locked.invitation_id:
            mark_invitation(invitation_id=locked.invitation_id, status=Invitation.Status.COMPLETED)
        # An anonymous response loses its personal link (which names its invitee); a shareable link's
        # token names nobody, and kept it answers a stale page with "already submitted", never a new response.
        if anonymous and locked.invitation_id:
            if locked.token_hash:
                SubmittedLink.objects.create(digest=submitted_digest(locked.token_hash))
            locked.invitation, locked.token_hash = None, None
        locked.browser_hash = ""
        tally = totals.Tally()
        tally.add(added)
        # The scores, the response and the campaign's totals in one round trip (different rows each).
        fields = ["submitted_at", "invitation_id", "token_hash", "browser_hash", *SEGMENT_FIELDS]
        run_together(
            [
                *insert_statements(
                    ResponseDimensionScore,
                    ["response_id", "dimension_id", "score"],
                    [(locked.pk, d, s) for d, s in counted.scores.items()],
                ),
                update_statement(Response.objects.filter(pk=locked.pk), {f: getattr(locked, f) for f in fields}),
                *tally.statements(locked.campaign_id),
            ]
        )
    locked.campaign = response.campaign
    return locked


def _finish(response: Response, campaign: Campaign, counted: Scored[Any]) -> totals.Contribution:
    """Set a response's submit-time fields (segments, time); return what it adds to the campaign's
    running totals."""
    added = counted.contribution()
    for question, value in added.segments.items():
        setattr(response, question, value)
    now = timezone.now()
    if campaign.anonymity == Campaign.Anonymity.ANONYMOUS:
        # Day precision only, so submit times cannot be matched with invitation activity.
        now = now.replace(hour=0, minute=0, second=0, microsecond=0)
    response.submitted_at = now
    return added


def _share_campaign(campaign_id: int) -> None:
    """Share-lock the campaign row for the transaction, before writing its running totals: writers do not
    wait for each other, but for a rebuild_totals, which holds the row exclusively. SQLite runs one
    write transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Campaign._meta.db_table} WHERE id = %s FOR SHARE", [campaign_id])  # noqa: S608


# Imports


class AlreadyImported(Exception):
    """The same file (by content) was imported into the campaign before."""

    def __init__(self, earlier: ImportedFile) -> None:
        super().__init__(f"{earlier.name} was already imported on {earlier.imported_at:%Y-%m-%d}")
        self.earlier = earlier


class Imported(NamedTuple):
    stored: int  # responses imported
    replaced: int  # responses of the earlier import of the same file, deleted with --replace


def import_file(*, campaign: Campaign, checked: CheckedFile, replace: bool = False) -> Imported:
    """Store a checked file's rows as submitted responses, remembering the file by its content's hash, so
    the same bytes are not counted twice: raises AlreadyImported while the earlier import has responses,
    unless `replace`, which deletes them (taking them out of the totals) and imports the file anew, all or
    nothing."""
    with transaction.atomic():
        earlier = single(ImportedFile.objects.select_for_update().filter(campaign=campaign, sha256=checked.sha256))
        replaced = 0
        if earlier is not None:
            # An import whose responses have all been deleted since counts no more: nothing would count twice.
            if not replace and earlier.responses.exists():
                raise AlreadyImported(earlier)
            replaced = delete_responses(campaign=campaign, responses=earlier.responses.all())
            earlier.delete()
        try:
            with transaction.atomic():
                imported = ImportedFile.objects.create(
                    campaign=campaign, sha256=checked.sha256, name=checked.path.name[:255], rows=checked.respondents
                )
        except IntegrityError:
            # The same file imported by someone else at the same moment: theirs counts.
            raise AlreadyImported(ImportedFile.objects.get(campaign=campaign, sha256=checked.sha256)) from None
        stored = store_answers(campaign=campaign, respondents=checked.answers(), imported_file=imported)
        return Imported(stored, replaced)


IMPORT_BATCH = 2000


def store_imported_responses(
    *, campaign: Campaign, rows: Iterable[Mapping[Item, Any]], imported_file: ImportedFile | None = None
) -> int:
    """store_answers for rows of {item: value as the answering form cleans it}."""
    respondents = (
        [answer for item, value in row.items() if (answer := given_from_value(item, value)) is not None] for row in rows
    )
    return store_answers(campaign=campaign, respondents=respondents, imported_file=imported_file)


def store_answers(
    *, campaign: Campaign, respondents: Iterable[Sequence[Given]], imported_file: ImportedFile | None = None
) -> int:
    """Submitted responses from validated answers, all or nothing, as on the answering pages: answers to
    questions a respondent's own filter answers hide are left out. Returns how many were stored.

    Read and written IMPORT_BATCH respondents at a time (answers and scores by COPY on PostgreSQL); the
    next batch is read and scored in a second thread, without the database, while it stores the last."""
    scorer = Scorer(questionnaire(campaign.instrument_id, campaign.group).items)
    tally = totals.Tally()
    remaining = iter(respondents)

    def prepare() -> tuple[list[Response], list[Scored[Any]]]:
        batch = list(islice(remaining, IMPORT_BATCH))
        responses = [
            Response(campaign=campaign, source=Response.Source.IMPORT, imported_file=imported_file) for _ in batch
        ]
        counted = [scorer.scored(given) for given in batch]
        for response, one in zip(responses, counted, strict=True):
            tally.add(_finish(response, campaign, one))
        return responses, counted

    stored = 0
    with transaction.atomic():
        _share_campaign(campaign.pk)
        with foreign_keys_checked_per_statement(), ThreadPoolExecutor(max_workers=1) as ahead:
            upcoming = ahead.submit(prepare)
            while (prepared := upcoming.result())[0]:
                upcoming = ahead.submit(prepare)
                stored += _store_batch(*prepared)
        tally.save(campaign.pk)
    return stored


def _store_batch(responses: list[Response], counted: list[Scored[Any]]) -> int:
    Response.objects.bulk_create(responses)
    insert_rows(
        Answer,
        ["response_id", "item_id", "value", "not_applicable", "choices", "text"],
        (
            (response.pk, a.item_id, a.value, a.not_applicable, json.dumps(a.choices) if a.choices else "[]", a.text)
            for response, one in zip(responses, counted, strict=True)
            for a in one.answers
        ),
    )
    scores = ((r.pk, d, score) for r, one in zip(responses, counted, strict=True) for d, score in one.scores.items())
    insert_rows(ResponseDimensionScore, ["response_id", "dimension_id", "score"], scores)
    return len(responses)


# Deleting, and the running totals


def delete_response(*, response: Response) -> None:
    """Delete a response, taking what it added out of its campaign's running totals in the same transaction."""
    delete_responses(campaign=response.campaign, responses=Response.objects.filter(pk=response.pk))


def delete_responses(*, campaign: Campaign, responses: QuerySet[Response]) -> int:
    """delete_response for many responses of one campaign: their contributions, computed from their stored
    answers as a rebuild would, summed and taken away at once. Returns how many were deleted."""
    items = questionnaire(campaign.instrument_id, campaign.group).items
    chosen = Response.objects.filter(campaign=campaign, pk__in=responses.values("pk"))
    with transaction.atomic():
        _share_campaign(campaign.pk)
        # Locked before reading, so a submit of one of them commits first (and is taken away) or finds it gone.
        count = len(chosen.select_for_update().values_list("pk", flat=True))
        tally = totals.Tally()
        for _, answers in submitted_answers(chosen):
            tally.add(scored(items, answers).contribution())
        tally.take_away(campaign.pk)
        chosen.delete()
        # Only the site admin and the command line delete: trusted with the database, they see the figures
        # as they now are, not in steps (README, threat model).
        ShownFigures.objects.filter(campaign=campaign).delete()
    return count


def rebuild_totals(*, campaign: Campaign) -> None:
    """Recompute a campaign's running totals from its stored answers (when verify_totals finds them wrong).

    Safe while the campaign takes submissions: it holds the campaign row exclusively for its transaction,
    and submits, imports and deletions share-lock that row before writing totals, so one that starts
    meanwhile waits and adds to the rebuilt totals, and one already under way finishes first and is read."""
    items = questionnaire(campaign.instrument_id, campaign.group).items
    with transaction.atomic():
        # The exclusive lock the writers' share locks wait for; list() runs the query, which takes it.
        list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk"))
        for model in (ResponseTotal, DimensionTotal, ItemTotal):
            model.objects.filter(campaign=campaign).delete()
        tally = totals.Tally()
        for _, answers in submitted_answers(Response.objects.filter(campaign=campaign)):
            tally.add(scored(items, answers).contribution())
        tally.save(campaign.pk)
        ShownFigures.objects.filter(campaign=campaign).delete()  # as after delete_responses
