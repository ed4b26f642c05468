"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="assess.example.com",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        DEBUG="0",
        ALLOWED_HOSTS="assess.example.com",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_read_database_and_redis_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['NAME'], s.CACHES['default']['LOCATION'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
        REDIS_URL="redis://127.0.0.1:6379/7",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    )
    assert result.returncode == 0, result.stderr
    assert "somewhere redis://127.0.0.1:6379/7" in result.stdout


def test_debug_is_off_unless_asked_for_and_the_demo_key_is_random_per_checkout():
    result = run_manage(
        "shell", "-c", "from django.conf import settings as s; print(s.DEBUG, len(s.SECRET_KEY))", DATABASE_URL=""
    )
    assert result.returncode == 0, result.stderr
    debug, length = result.stdout.strip().splitlines()[-1].split()
    assert debug == "False"
    assert int(length) >= 50
    assert "demo-only-insecure-key" not in (ROOT / "assessment" / "settings.py").read_text()


def database_options(**env: str) -> str:
    printed = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))", **env
    )
    assert printed.returncode == 0, printed.stderr
    return printed.stdout.strip().splitlines()[-1]


def test_postgresql_statements_are_prepared_unless_turned_off():
    postgres = "postgres://postgres@127.0.0.1:5432/postgres"
    assert database_options(DATABASE_URL=postgres, DEBUG="1") == "{'server_side_binding': True, 'prepare_threshold': 5}"
    off = database_options(DATABASE_URL=postgres, DEBUG="1", DB_PREPARE_THRESHOLD="0")
    assert off == "{'server_side_binding': True, 'prepare_threshold': None}"
    assert database_options(DATABASE_URL="sqlite:///demo-settings-test.sqlite3", DEBUG="1") in ("None", "{}")


@pytest.mark.django_db
def test_the_respondents_statements_are_prepared_on_a_kept_connection():
    """What DB_PREPARE_THRESHOLD buys: after a few respondents' page reads on one connection, PostgreSQL holds
    them prepared, so it no longer plans them on each request."""
    from django.db import connection

    from assessment.responses.selectors import response_by_token_hash

    for _ in range(6):
        response_by_token_hash("0" * 64, with_answers=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%token_hash%"])
        assert cursor.fetchone()[0] >= 1
