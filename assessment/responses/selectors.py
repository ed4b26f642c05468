"""Reads of responses: for the answering pages, which run on every respondent click, so each is one light
query; and of a campaign's submitted answers, for rebuilding and checking its running totals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Field, QuerySet

from ..assessments.models import Assessment
from ..campaigns.models import Campaign
from ..db import column, columns_of, from_row, row_converter, single
from .models import Answer, Response

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
    if response.answers_read is not None:
        return response.answers_read
    sql, fields = _answers_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [response.pk])
        rows = cursor.fetchall()
    convert = row_converter(fields, connection.vendor)
    return {row[0]: StoredAnswer(*convert(row)) for row in rows}


@lru_cache(maxsize=1)
def _answers_sql() -> tuple[str, tuple[Field[Any, Any], ...]]:
    """answers_of()'s query, written out for the same reason as response_by_token_hash()'s, and its fields."""
    fields = tuple(Answer._meta.get_field(name) for name in StoredAnswer._fields)
    columns = ", ".join(column(field) for field in fields)
    table, response = connection.ops.quote_name(Answer._meta.db_table), column(Answer._meta.get_field("response"))
    return f"SELECT {columns} FROM {table} WHERE {response} = %s", fields  # type: ignore[return-value]  # noqa: S608


def submitted_answers(responses: QuerySet[Response]) -> Iterator[tuple[Response, list[Answer]]]:
    """Each submitted one of these responses with its answers, read in chunks so memory stays flat."""
    submitted = responses.filter(submitted_at__isnull=False).order_by("pk")
    for response in submitted.prefetch_related("answers").iterator(chunk_size=ANSWERS_CHUNK):
        yield response, list(response.answers.all())


def response_by_token_hash(token_hash: str, *, with_answers: bool = False) -> Response | None:
    """The response behind a respondent link, with its campaign, in one query written out: it runs on every
    respondent click, and building it through the ORM cost several times more than running it. With
    `with_answers`, on PostgreSQL, the same query reads its answers too (Response.answers_read)."""
    with_answers = with_answers and connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(_by_token_hash_sql(with_answers), [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(Response._meta.concrete_fields)
    response = from_row(Response, row[:split])
    response.campaign = from_row(Campaign, row[split : split + len(Campaign._meta.concrete_fields)])
    if with_answers:
        response.answers_read = {answer[0]: StoredAnswer(*answer) for answer in json.loads(row[-1])}
    return response


@lru_cache(maxsize=2)
def _by_token_hash_sql(with_answers: bool) -> str:
    q = connection.ops.quote_name
    responses, campaigns = q(Response._meta.db_table), q(Campaign._meta.db_table)
    campaign_id, token_hash = (column(Response._meta.get_field(name)) for name in ("campaign", "token_hash"))
    answers = f", {answers_as_json()}" if with_answers else ""
    return (
        f"SELECT {columns_of(Response)}, {columns_of(Campaign)}{answers} FROM {responses} "  # noqa: S608 - names only
        f"JOIN {campaigns} ON {campaigns}.{column(Campaign._meta.get_field('id'))} = {responses}.{campaign_id} "
        f"WHERE {responses}.{token_hash} = %s"
    )


def answers_as_json() -> str:
    """A subquery of the response's answers for a SELECT of its row, as JSON text parsed by the caller:
    [[item id, value, not applicable, choices, text], ...], StoredAnswer's (and Given's) order."""
    q = connection.ops.quote_name
    fields = ", ".join(f"a.{column(Answer._meta.get_field(name))}" for name in StoredAnswer._fields)
    answer_response, response_id = column(Answer._meta.get_field("response")), column(Response._meta.get_field("id"))
    return (
        f"(SELECT coalesce(json_agg(json_build_array({fields})), '[]')::text FROM {q(Answer._meta.db_table)} a "  # noqa: S608
        f"WHERE a.{answer_response} = {q(Response._meta.db_table)}.{response_id})"
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
