"""Query helpers with no product meaning."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import QuerySet

T = TypeVar("T")
UPSERT_BATCH = 500


def single(queryset: QuerySet[Any, T]) -> T | None:
    """The one row of a lookup by a unique key, or None. Unlike first(), adds no ORDER BY, which could
    lead PostgreSQL to walk the primary key index instead of using the unique one."""
    return next(iter(queryset.order_by()[:1]), None)


def upsert(
    model: type[models.Model], keys: list[str], values: list[str], rows: list[tuple[Any, ...]], *, add: bool
) -> None:
    """INSERT ... ON CONFLICT DO UPDATE, for PostgreSQL and SQLite alike: rows of (*keys, *values); on a key
    already there, overwrite its values or, with add, add to them.

    Django's bulk_create(update_conflicts=True) can only overwrite columns, not add to them, and building
    the statement through it cost more than running it on the respondent's hot path."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ", ".join(q(c) for c in keys + values)
    if add:
        updates = ", ".join(f"{q(v)} = {table}.{q(v)} + excluded.{q(v)}" for v in values)
    else:
        updates = ", ".join(f"{q(v)} = excluded.{q(v)}" for v in values)
    placeholder = "(" + ", ".join(["%s"] * (len(keys) + len(values))) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(batch))} "  # noqa: S608
                f"ON CONFLICT ({', '.join(q(k) for k in keys)}) DO UPDATE SET {updates}",
                [value for row in batch for value in row],
            )
