import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.groups import Group
from assessment.instruments.models import Instrument, Item
from assessment.instruments.selectors import (
    SOURCE_LANGUAGE,
    latest_builtin_instrument,
    translated_items,
    translation_texts,
)
from assessment.instruments.shipped import BUILTIN_CODE
from assessment.management.arguments import text


class Command(BaseCommand):
    help = "Print the built-in questionnaire as JSON (PRODUCT.md section 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--language", default="en", type=text(20), help="Language of the texts (default English).")
        parser.add_argument("--group", choices=Group.values, help="Only the items asked of this group.")
        parser.add_argument(
            "--instrument-version",
            type=int,
            dest="instrument_version",
            help="Instrument version (default: latest published).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["instrument_version"]:
            instrument = Instrument.objects.filter(code=BUILTIN_CODE, version=options["instrument_version"]).first()
            if instrument is None:
                raise CommandError(f"No version {options['instrument_version']} of the built-in instrument.")
        else:
            instrument = latest_builtin_instrument()
        queryset = Item.objects.filter(instrument=instrument).select_related("dimension").order_by("position")
        if options["group"]:
            queryset = queryset.filter(audience=options["group"])
        language = options["language"]
        items = list(queryset)
        if language != SOURCE_LANGUAGE:
            texts = translation_texts(instrument.pk, language)
            if not texts:
                available = [
                    SOURCE_LANGUAGE,
                    *instrument.translations.order_by("language").values_list("language", flat=True),
                ]
                known = ", ".join(available)
                raise CommandError(
                    f"Version {instrument.version} has no texts in language “{language}”; available: {known}."
                )
            items = translated_items(items, texts)
        payload = {
            "code": instrument.code,
            "version": instrument.version,
            "language": options["language"],
            "items": [
                {
                    "code": item.code,
                    "audience": item.audience,
                    "level": item.dimension.level if item.dimension else None,
                    "dimension": item.dimension.code if item.dimension else None,
                    "type": item.type,
                    "reverse": item.reverse,
                    "text": item.text,
                    "mirrors": item.mirrors,
                }
                for item in items
            ],
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
