"""A respondent's writes on PostgreSQL in as few statements as they can be: storing a page's answers (their
most frequent write) is one, and the submit's locking read of the response and its answers another."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db import connection, transaction

from ..campaigns.models import Campaign
from ..db import column, columns_of, from_row, single, upsert
from .answers import Given
from .models import Answer, Response
from .selectors import answers_as_json


def store_page(*, response_id: int, current_section: int, given: Sequence[Given], cleared: Sequence[int]) -> bool:
    """Move the response on to `current_section`, write `given` over its earlier answers to those items and
    delete its answers to the `cleared` items; all or nothing, and only while the response is unsubmitted.
    Returns False, storing nothing, once it is submitted.

    The response's row is updated first and its lock held to the end, so a submit under way either commits
    before (and nothing is stored) or waits for these answers and scores them."""
    choices = Answer._meta.get_field("choices")
    rows = [
        (a.item_id, a.value, a.not_applicable, choices.get_db_prep_save(a.choices, connection), a.text) for a in given
    ]
    if connection.vendor == "postgresql":
        # One statement, so one round trip and no BEGIN or COMMIT of its own.
        with connection.cursor() as cursor:
            cursor.execute(_page_sql(), [current_section, response_id, list(cleared), *_columns(rows, 5)])
            return bool(cursor.fetchone()[0])
    with transaction.atomic():
        unsubmitted = Response.objects.filter(pk=response_id, submitted_at__isnull=True)
        if not unsubmitted.update(current_section=current_section):
            return False
        value_columns = ["value", "not_applicable", "choices", "text"]
        upsert(Answer, ["response_id", "item_id"], value_columns, [(response_id, *row) for row in rows], add=False)
        if cleared:
            Answer.objects.filter(response_id=response_id, item_id__in=cleared).delete()
    return True


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows as one list per column, for UNNEST."""
    return [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


@lru_cache(maxsize=1)
def _page_sql() -> str:
    """The moving on, the deleting and the writing as data-modifying parts of one statement, which counts
    the responses moved on (0 or 1). The answers are taken from the moved response, so they wait for it."""
    q = connection.ops.quote_name
    responses, answers = q(Response._meta.db_table), q(Answer._meta.db_table)
    response_id, submitted_at, section = (
        column(Response._meta.get_field(name)) for name in ("id", "submitted_at", "current_section")
    )
    fields = [Answer._meta.get_field(name) for name in ("item", "value", "not_applicable", "choices", "text")]
    names = [column(field) for field in fields]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    answer_response, answer_item = column(Answer._meta.get_field("response")), names[0]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names[1:])
    given = ", ".join(f"given.{name}" for name in names)
    return (
        f"WITH moved AS (UPDATE {responses} SET {section} = %s "  # noqa: S608 - names only
        f"WHERE {response_id} = %s AND {submitted_at} IS NULL RETURNING {response_id}), "
        f"cleared AS (DELETE FROM {answers} WHERE {answer_response} IN (SELECT {response_id} FROM moved) "
        f"AND {answer_item} = ANY(%s::bigint[])), "
        f"stored AS (INSERT INTO {answers} ({answer_response}, {', '.join(names)}) "
        f"SELECT moved.{response_id}, {given} FROM moved, UNNEST({arrays}) "
        f'WITH ORDINALITY AS given({", ".join(names)}, "position") ORDER BY given."position" '
        f"ON CONFLICT ({answer_response}, {answer_item}) DO UPDATE SET {updates}) "
        "SELECT count(*) FROM moved"
    )


def lock_for_submit(*, response_id: int, campaign_id: int) -> tuple[Response, list[Given]] | None:
    """For a submit, in its transaction: the response, locked until the commit, with its answers; None if
    it is gone. The same statement share-locks the campaign's row: submits to one campaign do not wait for
    each other, but for a rebuild of its totals, which holds the row exclusively."""
    if connection.vendor != "postgresql":
        # SQLite runs one write transaction at a time: no lock to take.
        locked = single(Response.objects.filter(pk=response_id))
        if locked is None:
            return None
        return locked, [Given(*row) for row in Answer.objects.filter(response=locked).values_list(*Given._fields)]
    with connection.cursor() as cursor:
        cursor.execute(_locking_sql(), [response_id, campaign_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return from_row(Response, row[:-1]), [Given(*answer) for answer in json.loads(row[-1])]


@lru_cache(maxsize=1)
def _locking_sql() -> str:
    q = connection.ops.quote_name
    responses, campaigns = q(Response._meta.db_table), q(Campaign._meta.db_table)
    response_id, response_campaign = (column(Response._meta.get_field(name)) for name in ("id", "campaign"))
    return (
        f"SELECT {columns_of(Response)}, {answers_as_json()} FROM {responses} JOIN {campaigns} "  # noqa: S608 - names only
        f"ON {campaigns}.{column(Campaign._meta.get_field('id'))} = {responses}.{response_campaign} "
        f"WHERE {responses}.{response_id} = %s AND {campaigns}.{column(Campaign._meta.get_field('id'))} = %s "
        f"FOR SHARE OF {campaigns} FOR UPDATE OF {responses}"
    )
