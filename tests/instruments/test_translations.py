"""The built-in instrument in Hungarian, Italian and Arabic, held with its version (issue 13)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from assessment.instruments.selectors import questionnaire
from assessment.instruments.shipped import read_builtin, read_translation, translation_languages
from assessment.instruments.texts import DATA_DIR
from assessment.models import Instrument, InstrumentTranslation

LANGUAGES = ["ar", "hu", "it"]
ARABIC = re.compile(r"[\u0600-\u06ff]")


def export(language: str, *args: str) -> dict:
    out = io.StringIO()
    call_command("export_instrument", "--format", "json", "--language", language, *args, stdout=out)
    return json.loads(out.getvalue())


def test_version_two_ships_the_three_languages_of_the_seeds():
    assert translation_languages(2) == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_version_two_is_translated(language):
    english, translated = read_builtin(2), read_translation(2, language)
    assert translated["language"] == language and translated["version"] == 2
    assert set(translated["dimensions"]) == {d["code"] for d in english["dimensions"]}
    assert set(translated["levels"]) == {str(level["level"]) for level in english["levels"]}
    assert set(translated["sections"]) == {f"{s['audience']}/{s['key']}" for s in english["sections"]}
    assert set(translated["items"]) == {item["code"] for item in english["items"]}
    for item in english["items"]:
        entry = translated["items"][item["code"]]
        assert entry["text"].strip() and entry["text"] != item["text"], item["code"]
        # The company's name goes where the English puts it, as often.
        assert entry["text"].count("{organisation}") == item["text"].count("{organisation}"), item["code"]
        assert set(entry.get("choices", {})) == {choice["value"] for choice in item["choices"] or []}, item["code"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_recommended_action_is_translated(language):
    english = json.loads((DATA_DIR / "actions_v1.json").read_text(encoding="utf-8"))
    translated = json.loads((DATA_DIR / f"actions_v1.{language}.json").read_text(encoding="utf-8"))
    assert set(translated["dimensions"]) == set(english["dimensions"])
    for code, entry in english["dimensions"].items():
        assert set(translated["dimensions"][code]) == set(entry), code
        assert len(translated["dimensions"][code]["actions"]) == len(entry["actions"]), code


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_export_instrument_gives_every_item_in_the_language_asked_for(language):
    english = {item["code"]: item for item in export("en")["items"]}
    data = export(language)
    assert data["language"] == language and data["version"] == 2
    assert [item["code"] for item in data["items"]] == list(english)
    for item in data["items"]:
        assert item["text"] != english[item["code"]]["text"], item["code"]
        assert {k: v for k, v in item.items() if k != "text"} == {
            k: v for k, v in english[item["code"]].items() if k != "text"
        }
    if language == "ar":
        assert all(ARABIC.search(item["text"]) for item in data["items"])


@pytest.mark.django_db
def test_a_language_without_texts_is_a_clear_error():
    with pytest.raises(CommandError, match="no texts in language “xx”; available: en, ar, hu, it"):
        export("xx")
    with pytest.raises(CommandError, match="no texts in language “hu”; available: en"):
        export("hu", "--instrument-version", "1")


@pytest.mark.django_db
def test_a_questionnaire_in_hungarian_keeps_its_codes_values_and_scoring():
    instrument = Instrument.objects.get(code="CCM", version=2)
    english = questionnaire(instrument.pk, "customers")
    hungarian = questionnaire(instrument.pk, "customers", "hu")
    assert [item.code for item in hungarian.items] == [item.code for item in english.items]
    for en, hu in zip(english.items, hungarian.items, strict=True):
        assert (hu.pk, hu.reverse, hu.dimension_id, hu.shown_if) == (en.pk, en.reverse, en.dimension_id, en.shown_if)
        assert [c["value"] for c in hu.choices] == [c["value"] for c in en.choices]
    assert hungarian.pages[0].section.title != english.pages[0].section.title
    # The stored English items are untouched.
    assert questionnaire(instrument.pk, "customers").items[0].text == english.items[0].text


@pytest.mark.django_db
def test_a_published_translation_cannot_be_changed():
    translation = InstrumentTranslation.objects.get(instrument__version=2, language="hu")
    translation.texts["title"] = "Changed"
    with pytest.raises(ValidationError, match="cannot be edited"):
        translation.save()
