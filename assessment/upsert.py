"""INSERT ... ON CONFLICT DO UPDATE, for PostgreSQL and SQLite alike.

Django's bulk_create(update_conflicts=True) can only overwrite columns, not add to them, and building
the statement through it cost more than running it on the respondent's hot path.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models

BATCH = 500


def upsert(
    model: type[models.Model], keys: list[str], values: list[str], rows: list[tuple[Any, ...]], *, add: bool
) -> None:
    """Insert rows of (*keys, *values); on a key already there, overwrite its values or, with add, add to them."""
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
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(batch))} "  # noqa: S608
                f"ON CONFLICT ({', '.join(q(k) for k in keys)}) DO UPDATE SET {updates}",
                [value for row in batch for value in row],
            )
