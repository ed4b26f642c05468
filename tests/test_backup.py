"""The README's backup and restore (issue 11): a `pg_dump -Fc` of a database with submitted responses,
restored with `pg_restore --clean --if-exists` into a new database, gives the same `export_results`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from assessment.models import Answer, Assessment, Response
from assessment.results.services import publish_result

from .factories import submit_many

# Committed data, so that pg_dump (another connection) sees it; the flush afterwards keeps the instruments.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)


def server() -> dict[str, str]:
    db = connection.settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": str(db["PORT"] or 5432), "user": db["USER"] or "postgres"}


def url(database: str) -> str:
    s = server()
    return f"postgres://{s['user']}@{s['host']}:{s['port']}/{database}"


def client_args() -> list[str]:
    s = server()
    return ["--host", s["host"], "--port", s["port"], "--username", s["user"], "--no-password"]


@pytest.fixture
def restored_database() -> Iterator[str]:
    """The name of a new, empty database, dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    s = server()
    with psycopg.connect(host=s["host"], port=s["port"], user=s["user"], dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def export_results(database: str, assessment_id: int, *args: str) -> dict[str, Any]:
    """`manage.py export_results` run on its own against a database, with no cache shared with this process."""
    env = os.environ | {"DATABASE_URL": url(database), "REDIS_URL": ""}
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "export_results", "--assessment", str(assessment_id), "--format", "json", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def counts(database: str) -> tuple[int, ...]:
    s = server()
    with psycopg.connect(host=s["host"], port=s["port"], user=s["user"], dbname=database) as db:
        return tuple(
            db.execute(f"SELECT count(*) FROM {model._meta.db_table}").fetchone()[0]  # noqa: S608 - our table names
            for model in (Assessment, Response, Answer)
        )


def test_a_restored_dump_gives_the_same_results(assessment, manager, tmp_path, restored_database):
    submit_many(assessment, "customers", 12, mean=3.2, seed=4)
    submit_many(assessment, "employees", 9, mean=3.6, seed=3)
    submit_many(assessment, "partners", 5, mean=4.0, seed=6)
    submit_many(assessment, "management", 1, mean=4.5, seed=5)
    publish_result(assessment=assessment, published_by=manager)
    original = connection.settings_dict["NAME"]
    live = export_results(original, assessment.pk)
    published = export_results(original, assessment.pk, "--published")
    assert live["groups"]["customers"]["n"] == 12 and not live["groups"]["customers"]["suppressed"]
    assert live["roadmap"]

    dump = tmp_path / "assessment.dump"
    subprocess.run(["pg_dump", "-Fc", *client_args(), "--file", str(dump), original], check=True, timeout=300)  # noqa: S603, S607
    subprocess.run(  # noqa: S603
        ["pg_restore", "--clean", "--if-exists", "--exit-on-error", *client_args(), "--dbname", restored_database]  # noqa: S607
        + [str(dump)],
        check=True,
        timeout=300,
    )

    assert counts(restored_database) == counts(original)
    assert export_results(restored_database, assessment.pk) == live
    assert export_results(restored_database, assessment.pk, "--published") == published
