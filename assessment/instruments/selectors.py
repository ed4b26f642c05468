"""Reads of instruments: the latest built-in version, what each audience is asked, the dimensions."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from .. import scoring
from .models import Dimension, Instrument, Item, Section
from .shipped import BUILTIN_CODE


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


def questionnaire(instrument_id: int, audience: str) -> Questionnaire:
    """What an audience is asked. A published version never changes, so its layout is kept in the cache
    (respondent pages read it on every request); a draft's is read afresh."""
    key = questionnaire_cache_key(instrument_id, audience)
    cached: Questionnaire | None = cache.get(key)
    if cached is not None:
        return cached
    loaded = _load_questionnaire(instrument_id, audience)
    if Instrument.objects.filter(pk=instrument_id, status=Instrument.Status.PUBLISHED).exists():
        cache.set(key, loaded, timeout=None)
    return loaded


def questionnaire_cache_key(instrument_id: int, audience: str) -> str:
    return f"questionnaire:{instrument_id}:{audience}"


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
    return Dimensions(framework=framework, names={code: name for code, _, name in rows})
