"""Texts shipped with the built-in instrument: level names and descriptions, recommended actions per dimension."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from .shipped import DATA_DIR, LATEST_VERSION, read_builtin

NOT_YET = "Foundations of service quality not yet in place"


@cache
def levels() -> dict[int, dict[str, str]]:
    return {level["level"]: level for level in read_builtin(LATEST_VERSION)["levels"]}


def level_names() -> dict[int, str]:
    return {level: entry["name"] for level, entry in levels().items()}


def maturity_name(level: int) -> str:
    return levels()[level]["name"] if level else NOT_YET


@cache
def _actions() -> dict[str, Any]:
    with open(DATA_DIR / "actions_v1.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def recommendation(dimension: str) -> dict[str, Any]:
    """title, why, actions, indicator and warning (or None) for one dimension code."""
    entry: dict[str, Any] = _actions()["dimensions"][dimension]
    return entry


def departmentalisation() -> dict[str, Any]:
    advice: dict[str, Any] = _actions()["departmentalisation"]
    return advice
