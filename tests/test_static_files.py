"""Static files as production serves them (DEBUG off): hashed names and compressed copies from collectstatic,
and each file's address worked out once per process (assessment/staticfiles.py)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse
from whitenoise.storage import CompressedManifestStaticFilesStorage

from assessment.staticfiles import StaticFilesStorage

from .results.test_report_claims import full, surveyed  # noqa: F401


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


@pytest.mark.django_db
def test_a_cold_load_of_the_report_transfers_under_a_megabyte(collected, client, manager, full):  # noqa: F811
    """Issue 9: the report page and every file it loads, as whitenoise serves them to a browser that accepts
    gzip (the HTML as Django sends it, uncompressed), stay under 1 MB on a phone's first visit."""
    client.force_login(manager)
    html = client.get(reverse("report", args=[full.pk])).content
    files = re.findall(rb'(?:src|href)="/static/([^"]+)"', html)
    assert any(b"plotly" in name for name in files) and any(b"bootstrap" in name for name in files)
    sizes = {}
    for name in map(bytes.decode, files):
        compressed = collected / f"{name}.gz"  # whitenoise leaves files it cannot shrink (PNG) as they are
        sizes[name] = (compressed if compressed.exists() else collected / name).stat().st_size
    total = len(html) + sum(sizes.values())
    assert total < 1_000_000, (len(html), sizes)
