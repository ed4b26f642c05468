"""Texts shipped with the built-in instrument: level names and descriptions, dimension names, recommended
actions per dimension; in the active language where the instrument has a translation into it, else English."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from .shipped import DATA_DIR, LATEST_VERSION, read_builtin, read_translation, translation_languages

SOURCE_LANGUAGE = "en"


def _language() -> str:
    language = translation.get_language() or SOURCE_LANGUAGE
    return language if language in _translated_languages() else SOURCE_LANGUAGE


@cache
def _translated_languages() -> frozenset[str]:
    return frozenset(translation_languages(LATEST_VERSION))


@cache
def _instrument(language: str) -> dict[str, Any]:
    return read_translation(LATEST_VERSION, language) if language != SOURCE_LANGUAGE else {}


@cache
def _levels(language: str) -> dict[int, dict[str, str]]:
    translated = _instrument(language).get("levels", {})
    return {
        level["level"]: level | translated.get(str(level["level"]), {})
        for level in read_builtin(LATEST_VERSION)["levels"]
    }


def levels() -> dict[int, dict[str, str]]:
    return _levels(_language())


def level_names() -> dict[int, str]:
    return {level: entry["name"] for level, entry in levels().items()}


def maturity_name(level: int) -> str:
    return levels()[level]["name"] if level else gettext("Foundations of service quality not yet in place")


def dimension_names() -> dict[str, str]:
    """Dimension names in the active language; {} in English, whose names are the dimension table's own."""
    return {code: entry["name"] for code, entry in _instrument(_language()).get("dimensions", {}).items()}


@cache
def _actions(language: str) -> dict[str, Any]:
    suffix = f".{language}" if language != SOURCE_LANGUAGE else ""
    with open(DATA_DIR / f"actions_v1{suffix}.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _action_texts(*path: str) -> dict[str, Any]:
    """The entry at `path` of the recommended actions, its texts in the active language where translated."""
    english: dict[str, Any] = _actions(SOURCE_LANGUAGE)
    translated: dict[str, Any] = {}
    language = _language()
    if language != SOURCE_LANGUAGE and (DATA_DIR / f"actions_v1.{language}.json").exists():
        translated = _actions(language)
    for key in path:
        english, translated = english[key], translated.get(key, {})
    return english | translated


def recommendation(dimension: str) -> dict[str, Any]:
    """title, why, actions, indicator and warning (or None) for one dimension code."""
    return _action_texts("dimensions", dimension)


def departmentalisation() -> dict[str, Any]:
    return _action_texts("departmentalisation")
