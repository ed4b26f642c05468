"""An organisation's data, whole, as one JSON document written piece by piece (for its owner to keep)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from ..assessments.models import Assessment
from ..audit.models import AuditEvent
from ..campaigns.models import Campaign
from ..invitations.models import Invitation
from ..responses.models import SEGMENT_FIELDS, Answer, Response
from ..results.models import PublishedResult
from ..roadmap.models import Action, Target
from .models import Membership, Organisation

CHUNK = 2000
ANSWER_FIELDS = ["item__code", "value", "not_applicable", "choices", "text"]


def _values(ids: list[int], fields: list[str]) -> Iterator[tuple[Any, ...]]:
    return iter(Response.objects.filter(pk__in=ids).values_list("pk", *fields))


def _dump(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _rows(queryset: QuerySet[Any, Any], fields: list[str]) -> Iterator[dict[str, Any]]:
    return queryset.order_by("pk").values(*fields).iterator(chunk_size=CHUNK)


def _array(name: str, rows: Iterable[dict[str, Any]], first: bool = False) -> Iterator[str]:
    yield ("" if first else ",\n") + f"{_dump(name)}: ["
    for number, row in enumerate(rows):
        yield ("," if number else "") + "\n  " + _dump(row)
    yield "\n]"


def _responses(responses: QuerySet[Response]) -> Iterator[dict[str, Any]]:
    """Submitted responses with their answers, numbered for this file only and in random order: a database id
    or the order of the rows could tell when a response came in, and so whose it is."""
    ids = list(responses.values_list("pk", flat=True))
    random.SystemRandom().shuffle(ids)
    fields = ["campaign_id", "source", "language", *SEGMENT_FIELDS]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = {pk: dict(zip(fields, values, strict=True)) for pk, *values in _values(chunk, fields)}
        answers: dict[int, list[dict[str, Any]]] = {}
        for response_id, *values in Answer.objects.filter(response_id__in=chunk).values_list(
            "response_id", *ANSWER_FIELDS
        ):
            answers.setdefault(response_id, []).append(dict(zip(ANSWER_FIELDS, values, strict=True)))
        for number, pk in enumerate(chunk, start=start + 1):
            yield {"number": number, **rows[pk], "answers": answers.get(pk, [])}


def organisation_archive(organisation: Organisation) -> Iterator[str]:
    """Every record that belongs to the organisation, table by table, in a fixed number of queries per table."""
    assessments = Assessment.objects.filter(organisation=organisation)
    campaigns = Campaign.objects.filter(assessment__organisation=organisation)
    responses = Response.objects.filter(campaign__assessment__organisation=organisation, submitted_at__isnull=False)
    yield (
        "{\n"
        + _dump("organisation")
        + ": "
        + _dump({"name": organisation.name, "language": organisation.language, "created_at": organisation.created_at})
    )
    yield from _array(
        "members",
        _rows(Membership.objects.filter(organisation=organisation), ["user__username", "user__email", "role"]),
    )
    yield from _array("assessments", _rows(assessments, ["id", "title", "created_at", *Assessment.FIELDS]))
    yield from _array(
        "campaigns",
        _rows(
            campaigns,
            ["id", "assessment_id", "group", "instrument__version", "anonymity", "opens_at", "closes_at"],
        ),
    )
    yield from _array(
        "invitations",
        _rows(Invitation.objects.filter(campaign__in=campaigns), ["campaign_id", "email", "status", "sends"]),
    )
    yield from _array("responses", _responses(responses))
    yield from _array(
        "published_results",
        _rows(
            PublishedResult.objects.filter(assessment__in=assessments),
            ["assessment_id", "number", "published_at", "settings", "instruments", "result", "nps"],
        ),
    )
    yield from _array(
        "actions",
        _rows(
            Action.objects.filter(assessment__in=assessments),
            ["assessment_id", "dimension__code", "stage", "title", "owner", "due_date", "status", "baseline_score"],
        ),
    )
    yield from _array(
        "targets",
        _rows(Target.objects.filter(assessment__in=assessments), ["assessment_id", "dimension__code", "score"]),
    )
    yield from _array(
        "audit_log",
        _rows(AuditEvent.objects.filter(organisation=organisation), ["at", "username", "action", "what"]),
    )
    yield "\n}\n"
