"""Query helpers with no product meaning."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar, cast

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)
UPSERT_BATCH = 500


def single(queryset: QuerySet[Any, T]) -> T | None:
    """The one row of a lookup by a unique key, or None. Unlike first(), adds no ORDER BY, which could
    lead PostgreSQL to walk the primary key index instead of using the unique one."""
    return next(iter(queryset.order_by()[:1]), None)


# A statement and its parameters, to run alone (execute) or with others (run_together).
Statement = tuple[str, list[Any]]


def upsert(
    model: type[models.Model], keys: list[str], values: list[str], rows: list[tuple[Any, ...]], *, add: bool
) -> None:
    """INSERT ... ON CONFLICT DO UPDATE, for PostgreSQL and SQLite alike: rows of (*keys, *values); on a key
    already there, overwrite its values or, with add, add to them.

    Django's bulk_create(update_conflicts=True) can only overwrite columns, not add to them, and building
    the statement through it cost more than running it on the respondent's hot path."""
    run_together(upsert_statements(model, keys, values, rows, add=add))


def upsert_statements(
    model: type[models.Model], keys: list[str], values: list[str], rows: list[tuple[Any, ...]], *, add: bool
) -> list[Statement]:
    """upsert()'s statements: one on PostgreSQL, one per UPSERT_BATCH rows elsewhere, none without rows."""
    if not rows:
        return []
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    if add:
        updates = ", ".join(f"{q(v)} = {table}.{q(v)} + excluded.{q(v)}" for v in values)
    else:
        updates = ", ".join(f"{q(v)} = excluded.{q(v)}" for v in values)
    conflict = f"ON CONFLICT ({', '.join(q(k) for k in keys)}) DO UPDATE SET {updates}"
    return _insert_statements(model, keys + values, rows, conflict)


def insert_statements(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> list[Statement]:
    """Plain INSERTs of a few rows of (*columns), without building model instances (bulk_create's cost on
    the respondent's hot path); none without rows."""
    return _insert_statements(model, columns, rows, "") if rows else []


def _insert_statements(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], tail: str
) -> list[Statement]:
    """INSERTs of rows of (*columns), `tail` being an ON CONFLICT clause or nothing: one statement of arrays
    on PostgreSQL (_unnest_statement), one of VALUES per UPSERT_BATCH rows elsewhere."""
    if connection.vendor == "postgresql":
        return [_unnest_statement(model, columns, rows, tail)]
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in columns)
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return [
        (
            f"INSERT INTO {q(model._meta.db_table)} ({names}) VALUES {', '.join([placeholder] * len(batch))} {tail}",  # noqa: S608
            [value for row in batch for value in row],
        )
        for batch in (rows[start : start + UPSERT_BATCH] for start in range(0, len(rows), UPSERT_BATCH))
    ]


def update_statement(queryset: QuerySet[Any, Any], values: dict[str, Any]) -> Statement:
    """The UPDATE that queryset.update(**values) would run, as the ORM writes it (values converted as it
    converts them), to run with others."""
    query = cast(UpdateQuery, queryset.query.chain(UpdateQuery))
    query.add_update_values(values)
    sql, params = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def run_together(statements: Sequence[Statement]) -> None:
    """Run data-changing statements in the order given: on PostgreSQL as one statement, all but the last as
    parts of its WITH, so one round trip whatever their number. They must change different rows (PostgreSQL
    runs the parts of one statement on the same snapshot). Elsewhere one after the other."""
    if not statements:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or len(statements) == 1:
            for sql, params in statements:
                cursor.execute(sql, params)
            return
        together = ", ".join(f"part{number} AS ({sql})" for number, (sql, _) in enumerate(statements[:-1]))
        cursor.execute(f"WITH {together} {statements[-1][0]}", [p for _, params in statements for p in params])


def _unnest_statement(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], tail: str
) -> Statement:
    """PostgreSQL: INSERT ... SELECT FROM UNNEST of one array per column, as Django's bulk_create does there:
    the statement reads the same whatever the number of rows, so PostgreSQL keeps it prepared. Rows are
    written in the order given (callers order them so that concurrent writers lock rows alike); `tail` is an
    ON CONFLICT clause, or nothing."""
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in columns)
    types = [model._meta.get_field(c).db_type(connection).split("(")[0] for c in columns]  # type: ignore[union-attr]
    arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
    return (
        f"INSERT INTO {q(model._meta.db_table)} ({names}) SELECT {names} FROM UNNEST({arrays}) "  # noqa: S608
        f'WITH ORDINALITY AS given({names}, "position") ORDER BY "position" {tail}',
        [list(column_values) for column_values in zip(*rows, strict=True)],
    )


@contextmanager
def foreign_keys_checked_per_statement() -> Iterator[None]:
    """For bulk loads inside a transaction: PostgreSQL checks foreign keys at the end of each statement instead
    of queueing one check per row in memory until the commit (Django declares them deferred); deferred again
    after the block (after an error, the rollback resets them)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def insert_rows(model: type[models.Model], columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Plain INSERTs of many rows of (*columns), for bulk loads: PostgreSQL's COPY, several times faster than
    INSERT statements and streamed row by row; executemany elsewhere (SQLite)."""
    q = connection.ops.quote_name
    table, names = q(model._meta.db_table), ", ".join(q(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(rows))  # noqa: S608


def column(field: models.Field[Any, Any] | models.ForeignObjectRel) -> str:
    """A concrete field's column, quoted, for hand-written SQL."""
    if not isinstance(field, models.Field) or field.column is None:
        raise LookupError(f"{field} has no column")
    return connection.ops.quote_name(field.column)


def columns_of(model: type[models.Model]) -> str:
    """The SELECT list of every column of `model`, qualified by its table, in the order from_row() reads."""
    table = connection.ops.quote_name(model._meta.db_table)
    return ", ".join(f"{table}.{column(field)}" for field in model._meta.concrete_fields)


def from_row(model: type[M], values: Sequence[Any]) -> M:
    """An instance of `model` from the columns_of() values of one row, converted as the ORM converts them.
    For hand-written lookups on the respondent's hot path, where building a query through the ORM cost
    several times more than running it."""
    return model.from_db(connection.alias, None, _model_converter(model, connection.vendor)(values))  # type: ignore[arg-type]


@lru_cache(maxsize=64)
def _model_converter(model: type[models.Model], vendor: str) -> Callable[[Sequence[Any]], list[Any]]:
    return row_converter(tuple(model._meta.concrete_fields), vendor)


@lru_cache(maxsize=64)
def row_converter(fields: tuple[models.Field[Any, Any], ...], vendor: str) -> Callable[[Sequence[Any]], list[Any]]:
    """A function turning a row of these fields' columns into the values the ORM hands out (each field's
    database converters applied); `vendor` keys the cache, as the converters differ between backends."""
    steps = [
        (index, field.cached_col, converters)
        for index, field in enumerate(fields)
        if (converters := (*connection.ops.get_db_converters(field.cached_col), *field.get_db_converters(connection)))
    ]

    def convert(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for index, column, converters in steps:
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        return values

    return convert
