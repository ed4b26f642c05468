"""The message catalogs: complete for every language, current with the code, and compiled.

A language fails here until its translators have filled in every string (and left nothing fuzzy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR, "locale")
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _catalog(entries: polib.MOFile) -> dict[tuple[str, str], object]:
    """What a compiled catalog holds: each message (with its context) and its translation(s); msgfmt leaves
    untranslated and fuzzy messages out."""
    return {
        (entry.msgctxt or "", entry.msgid): tuple(sorted(entry.msgstr_plural.items())) or entry.msgstr
        for entry in entries
        if entry.msgid and not entry.obsolete
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = _po(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not po.metadata_is_fuzzy, f"{language}: the header is marked fuzzy"
    assert po.metadata.get("Language") == language
    assert untranslated == [], f"{language}: {len(untranslated)} of {len(po)} messages have no translation"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_po(language, tmp_path):
    """The committed .mo holds exactly what compiling the .po gives (compilemessages runs msgfmt)."""
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{language}: run `manage.py compilemessages`"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po_path)], check=True)  # noqa: S603, S607
    assert _catalog(polib.mofile(str(mo_path))) == _catalog(polib.mofile(str(fresh)))


def test_catalogs_hold_every_message_of_the_code(tmp_path):
    """makemessages run on a copy of the sources finds the same messages as the committed catalogs."""
    for name in ("assessment", "templates", "locale"):
        shutil.copytree(Path(settings.BASE_DIR, name), tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(Path(settings.BASE_DIR, "manage.py"), tmp_path)
    locales = [f"--locale={code}" for code in LANGUAGES]
    command = [sys.executable, "manage.py", "makemessages", *locales, "--no-obsolete", "--verbosity=0"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "assessment.settings", "DATABASE_URL": "sqlite:///unused"}
    subprocess.run(command, cwd=tmp_path, env=env, check=True)  # noqa: S603
    for language in LANGUAGES:
        fresh = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = {(e.msgctxt or "", e.msgid) for e in _po(language) if not e.obsolete}
        found = {(e.msgctxt or "", e.msgid) for e in fresh if not e.obsolete}
        assert sorted(found - committed) == [], f"{language}: run makemessages"
        assert sorted(committed - found) == [], f"{language}: messages no longer in the code"
