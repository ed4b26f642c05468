"""The built-in instrument files shipped in instruments/data/, and their loading by data migrations.

A shipped file is frozen once a migration has loaded it: answers refer to its items, so a changed
questionnaire becomes a new file (instrument_v2.json) loaded by a new migration.
"""

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"
BUILTIN_CODE = "CCM"
LATEST_VERSION = 2


def read_builtin(version: int) -> dict[str, Any]:
    with open(DATA_DIR / f"instrument_v{version}.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _later_fields(item_model: Any, item: dict[str, Any]) -> dict[str, Any]:
    """Fields added after version 1, set only where the migration's historical model has them."""
    names = {field.name for field in item_model._meta.get_fields()}
    later = {"mirrors": item.get("mirrors", []), "shown_if": item.get("shown_if")}
    return {name: value for name, value in later.items() if name in names}


def load_builtin(apps: Any, version: int) -> None:
    """Create the dimensions and a published instrument version; used by data migrations."""
    Dimension = apps.get_model("assessment", "Dimension")
    Instrument = apps.get_model("assessment", "Instrument")
    Section = apps.get_model("assessment", "Section")
    Item = apps.get_model("assessment", "Item")
    data = read_builtin(version)

    dimensions = {}
    for position, d in enumerate(data["dimensions"]):
        dimensions[d["code"]], _ = Dimension.objects.update_or_create(
            code=d["code"],
            defaults={"level": d["level"], "name": d["name"], "description": d["description"], "position": position},
        )
    instrument = Instrument.objects.create(
        code=data["code"],
        version=data["version"],
        title=data["title"],
        description=data.get("description", ""),
        status="published",
        published_at=timezone.now(),
    )
    sections = {}
    positions: dict[str, int] = {}
    for s in data["sections"]:
        positions[s["audience"]] = positions.get(s["audience"], 0) + 1
        sections[s["audience"], s["key"]] = Section.objects.create(
            instrument=instrument,
            audience=s["audience"],
            key=s["key"],
            position=positions[s["audience"]],
            title=s["title"],
            intro=s.get("intro", ""),
        )
    Item.objects.bulk_create(
        Item(
            instrument=instrument,
            section=sections[i["audience"], i["section"]],
            code=i["code"],
            audience=i["audience"],
            dimension=dimensions[i["dimension"]] if i["dimension"] else None,
            type=i["type"],
            reverse=i["reverse"],
            required=i["required"],
            segment=i["segment"] or "",
            choices=i["choices"] or [],
            text=i["text"],
            position=position,
            **_later_fields(Item, i),
        )
        for position, i in enumerate(data["items"], start=1)
    )


def translation_languages(version: int) -> list[str]:
    """The languages a shipped version has a translation file for (instrument_v2.hu.json, ...)."""
    return sorted(path.suffixes[-2].lstrip(".") for path in DATA_DIR.glob(f"instrument_v{version}.*.json"))


def read_translation(version: int, language: str) -> dict[str, Any]:
    with open(DATA_DIR / f"instrument_v{version}.{language}.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def load_translations(apps: Any, version: int) -> None:
    """Store a shipped version's translations with it; used by data migrations."""
    Instrument = apps.get_model("assessment", "Instrument")
    InstrumentTranslation = apps.get_model("assessment", "InstrumentTranslation")
    instrument = Instrument.objects.get(code=BUILTIN_CODE, version=version)
    for language in translation_languages(version):
        InstrumentTranslation.objects.update_or_create(
            instrument=instrument, language=language, defaults={"texts": read_translation(version, language)}
        )
