"""Reads of responses: for the answering pages, which run on every respondent click, so each is one light
query; and of a campaign's submitted answers, for rebuilding and checking its running totals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet

from ..assessments.models import Assessment
from ..db import single
from .models import SEGMENT_FIELDS, Answer, Response

ANSWERS_CHUNK = 2000


class StoredAnswer(NamedTuple):
    """An answer as the answering pages show it (read as plain rows)."""

    item_id: int
    value: int | None
    not_applicable: bool
    choices: list[str]
    text: str


def answers_of(response: Response) -> dict[int, StoredAnswer]:
    """All of the respondent's answers by item id: a page's filter questions may be on earlier pages."""
    if response.pk is None:
        return {}  # a link's page shown before its first POST: nothing stored yet
    rows = Answer.objects.filter(response=response).values_list("item_id", "value", "not_applicable", "choices", "text")
    return {row[0]: StoredAnswer(*row) for row in rows}


RESPONSE_FIELDS = (
    "campaign",
    "invitation",
    "token_hash",
    "respondent",
    "source",
    "language",
    "current_section",
    "started_at",
    "submitted_at",
    *SEGMENT_FIELDS,
)
CAMPAIGN_FIELDS = (
    "campaign__group",
    "campaign__instrument",
    "campaign__opens_at",
    "campaign__closes_at",
    "campaign__anonymity",
    "campaign__assessment",
    "campaign__public_id",
)


def submitted_answers(responses: QuerySet[Response]) -> Iterator[tuple[Response, list[Answer]]]:
    """Each submitted one of these responses with its answers, read in chunks so memory stays flat."""
    submitted = responses.filter(submitted_at__isnull=False).order_by("pk")
    for response in submitted.prefetch_related("answers").iterator(chunk_size=ANSWERS_CHUNK):
        yield response, list(response.answers.all())


def response_by_token_hash(token_hash: str) -> Response | None:
    """The response behind a respondent link, with just the campaign fields the answering pages use:
    fewer joined columns cost less to plan and build."""
    return single(
        Response.objects.select_related("campaign")
        .only(*RESPONSE_FIELDS, *CAMPAIGN_FIELDS)
        .filter(token_hash=token_hash)
    )


def organisation_name(assessment_id: int) -> str:
    """The name respondents see in the questions; kept in the cache until the organisation is saved again."""
    key = organisation_name_cache_key(assessment_id)
    name: str | None = cache.get(key)
    if name is None:
        name = single(Assessment.objects.filter(pk=assessment_id).values_list("organisation__name", flat=True)) or ""
        cache.set(key, name, timeout=None)
    return name


def organisation_name_cache_key(assessment_id: int) -> str:
    return f"organisation-name:{assessment_id}"


def forget_organisation_name(*, organisation_id: int) -> None:
    """Drop the cached names after an organisation is saved (connected in apps.py), so a rename shows at once."""
    assessment_ids = Assessment.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    cache.delete_many([organisation_name_cache_key(pk) for pk in assessment_ids])
