from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def pytest_sessionstart(session: pytest.Session) -> None:
    """The suite needs PostgreSQL and Redis; a missing service fails the run loudly, it is never skipped."""
    from django.conf import settings

    missing = []
    db = settings.DATABASES["default"]
    if not _reachable(f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}", 5432):
        missing.append(f"PostgreSQL at {db.get('HOST')}:{db.get('PORT')} (DATABASE_URL)")
    if not _reachable(settings.REDIS_URL, 6379):
        missing.append(f"Redis at {settings.REDIS_URL} (REDIS_URL)")
    if missing:
        pytest.exit("Required services are not running: " + "; ".join(missing), returncode=3)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the suite's Redis database outlives the test database."""
    from django.core.cache import cache

    from assessment.instruments import selectors

    cache.clear()
    selectors._published.clear()
    yield
    cache.clear()
    selectors._published.clear()


@pytest.fixture(autouse=True)
def _instrument_version(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """New campaigns use built-in version 1 unless a test is marked instrument(2): most hand-computed
    tests were written against version 1, which stays frozen and keeps scoring the assessments made with it."""
    marker = request.node.get_closest_marker("instrument")
    version = marker.args[0] if marker else 1
    if version == 2:
        return

    def version_one():
        from assessment.instruments.models import Instrument

        return Instrument.objects.get(code="CCM", version=1)

    monkeypatch.setattr("assessment.campaigns.services.latest_builtin_instrument", version_one)


@pytest.fixture
def organisation(db):
    from assessment.models import Organisation

    return Organisation.objects.create(name="Acme Bakery")


@pytest.fixture
def other_organisation(db):
    from assessment.models import Organisation

    return Organisation.objects.create(name="Rival Foods")


def _member(django_user_model, organisation, username: str, role: str):
    from assessment.models import Membership

    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def manager(django_user_model, organisation):
    return _member(django_user_model, organisation, "owner", "manager")


@pytest.fixture
def hr_user(django_user_model, organisation):
    return _member(django_user_model, organisation, "hr-person", "hr")


@pytest.fixture
def outsider(django_user_model, other_organisation):
    return _member(django_user_model, other_organisation, "outsider", "manager")


@pytest.fixture
def assessment(organisation, manager):
    from assessment.assessments.services import create_assessment

    return create_assessment(organisation=organisation, title="2026 Q4", created_by=manager)


@pytest.fixture
def campaign(assessment):
    from assessment.campaigns.services import create_campaign

    return create_campaign(assessment=assessment, group="customers")


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
        # While Playwright's event loop runs, Django keeps the test's own database connection apart
        # (asgiref's context-local storage); close it here, or the test database cannot be dropped.
        connections.close_all()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped (its thread holds a connection)."""
    return live_server
