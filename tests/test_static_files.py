"""Static files as production serves them (DEBUG off): hashed names and compressed copies from collectstatic,
and each file's address worked out once per process (assessment/staticfiles.py)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from assessment.staticfiles import StaticFilesStorage


@pytest.fixture
def collected(tmp_path, settings):
    production = {**settings.STORAGES, "staticfiles": {"BACKEND": "assessment.staticfiles.StaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production):
        call_command("collectstatic", "--noinput", "-v0")
        yield tmp_path


def test_pages_name_static_files_by_their_hashed_and_compressed_copies(collected):
    address = static("css/app.css")
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", address), address
    hashed = address.removeprefix("/static/")
    assert (collected / hashed).is_file() and (collected / f"{hashed}.gz").is_file()
    # The same address as whitenoise's own storage gives, and the same again on the next page.
    assert CompressedManifestStaticFilesStorage(location=collected).url("css/app.css") == address
    assert static("css/app.css") == address


def test_each_address_is_worked_out_once(collected, monkeypatch):
    storage = StaticFilesStorage(location=collected)
    first = storage.url("js/questionnaire.js")
    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", lambda *args, **kwargs: pytest.fail("asked"))
    assert storage.url("js/questionnaire.js") == first
    with pytest.raises(pytest.fail.Exception):
        storage.url("js/questionnaire.js", force=True)  # what collectstatic asks is never kept
