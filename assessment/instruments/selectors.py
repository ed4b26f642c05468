"""Reads of instruments: the latest built-in version, what each audience is asked, the dimensions."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from .. import scoring
from ..cache import Kept
from . import texts
from .models import Dimension, Instrument, InstrumentTranslation, Item, Section
from .shipped import BUILTIN_CODE

SOURCE_LANGUAGE = "en"


def latest_builtin_instrument() -> Instrument:
    instrument = (
        Instrument.objects.filter(code=BUILTIN_CODE, status=Instrument.Status.PUBLISHED).order_by("-version").first()
    )
    if instrument is None:
        raise LookupError("The built-in instrument is missing: run `python manage.py migrate`.")
    return instrument


@dataclass(frozen=True)
class Page:
    section: Section
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    """What one audience is asked, page by page."""

    instrument_id: int
    audience: str
    pages: tuple[Page, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for page in self.pages for item in page.items)


def questionnaire(instrument_id: int, audience: str, language: str = SOURCE_LANGUAGE) -> Questionnaire:
    """What an audience is asked, in a language (English when the version has no translation into it).
    A published version never changes, so its layout is kept in the cache (respondent pages read it on
    every request); a draft's is read afresh."""
    key = questionnaire_cache_key(instrument_id, audience, language)
    kept = _published.get(key)
    if kept is not None:
        return kept
    cached: Questionnaire | None = cache.get(key)
    if cached is not None:
        return _published.keep(key, cached)
    loaded = _load_questionnaire(instrument_id, audience)
    if language != SOURCE_LANGUAGE:
        loaded = _translated(loaded, translation_texts(instrument_id, language))
    if Instrument.objects.filter(pk=instrument_id, status=Instrument.Status.PUBLISHED).exists():
        cache.set(key, loaded, timeout=None)
        _published.keep(key, loaded)
    return loaded


# A published version never changes, so a process may keep what it read of it: unpickling it from the
# shared cache on every respondent request cost more than the rest of the page. Only published versions
# get here (a draft is read afresh), so there is nothing to invalidate; the number of entries is bounded.
_published: Kept[str, Questionnaire] = Kept(most=64)


def questionnaire_cache_key(instrument_id: int, audience: str, language: str = SOURCE_LANGUAGE) -> str:
    return f"questionnaire:{instrument_id}:{audience}:{language}"


def translation_texts(instrument_id: int, language: str) -> dict[str, Any]:
    """The version's texts in a language, or {} when it has none in that language."""
    texts = InstrumentTranslation.objects.filter(instrument_id=instrument_id, language=language).values_list(
        "texts", flat=True
    )
    return next(iter(texts), None) or {}


def translated_items(items: Sequence[Item], texts: dict[str, Any]) -> list[Item]:
    """Copies of the items with their text and choice labels in the translation's language (English where a
    text is missing); the stored items are never changed."""
    result = []
    for item in items:
        entry = texts.get("items", {}).get(item.code)
        if entry:
            item = copy.copy(item)
            item.text = entry.get("text") or item.text
            labels = entry.get("choices", {})
            item.choices = [choice | {"label": labels.get(choice["value"], choice["label"])} for choice in item.choices]
        result.append(item)
    return result


def _translated(english: Questionnaire, texts: dict[str, Any]) -> Questionnaire:
    if not texts:
        return english
    pages = []
    for page in english.pages:
        section = page.section
        entry = texts.get("sections", {}).get(f"{section.audience}/{section.key}")
        if entry:
            section = copy.copy(section)
            section.title = entry.get("title") or section.title
            section.intro = entry.get("intro") or section.intro
        pages.append(Page(section, tuple(translated_items(page.items, texts))))
    return Questionnaire(english.instrument_id, english.audience, tuple(pages))


def _load_questionnaire(instrument_id: int, audience: str) -> Questionnaire:
    sections = list(Section.objects.filter(instrument_id=instrument_id, audience=audience).order_by("position"))
    items = (
        Item.objects.filter(instrument_id=instrument_id, audience=audience)
        .select_related("dimension")
        .order_by("position")
    )
    by_section: dict[int, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    pages = tuple(Page(section, tuple(by_section.get(section.pk, []))) for section in sections)
    return Questionnaire(instrument_id, audience, pages)


@dataclass(frozen=True)
class Dimensions:
    """The dimensions as the scoring rules need them (codes, levels, who is asked) and as people read them."""

    framework: scoring.Framework
    names: dict[str, str]

    def name(self, code: str) -> str:
        return self.names.get(code, code)


def dimensions() -> Dimensions:
    """From the dimension table and the latest built-in instrument's questions (2 queries)."""
    rows = list(Dimension.objects.order_by("position", "code").values_list("code", "level", "name"))
    asked = (
        Item.objects.filter(
            instrument__code=BUILTIN_CODE, instrument__status=Instrument.Status.PUBLISHED, dimension__isnull=False
        )
        .order_by()
        .values_list("dimension__code", "audience")
        .distinct()
    )
    framework = scoring.Framework.from_rows(((code, level) for code, level, _ in rows), asked)
    # Names in the active language where the instrument is translated into it (texts.dimension_names).
    names = {code: name for code, _, name in rows} | texts.dimension_names()
    return Dimensions(framework=framework, names=names)


def languages_of(instrument_id: int) -> list[str]:
    """The languages a version can be answered in: English, its source, and each translation (1 query)."""
    translated = InstrumentTranslation.objects.filter(instrument_id=instrument_id).order_by("language")
    return [SOURCE_LANGUAGE, *translated.values_list("language", flat=True)]
