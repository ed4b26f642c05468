import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.groups import Group
from assessment.instruments.models import Instrument, Item
from assessment.instruments.selectors import latest_builtin_instrument
from assessment.instruments.shipped import BUILTIN_CODE


class Command(BaseCommand):
    help = "Print the built-in questionnaire as JSON (PRODUCT.md section 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--language", default="en", help="Language of the texts (default English).")
        parser.add_argument("--group", choices=Group.values, help="Only the items asked of this group.")
        parser.add_argument(
            "--instrument-version",
            type=int,
            dest="instrument_version",
            help="Instrument version (default: latest published).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["language"] != "en":
            raise CommandError(f"No texts in language “{options['language']}” yet; available: en.")
        if options["instrument_version"]:
            instrument = Instrument.objects.filter(code=BUILTIN_CODE, version=options["instrument_version"]).first()
            if instrument is None:
                raise CommandError(f"No version {options['instrument_version']} of the built-in instrument.")
        else:
            instrument = latest_builtin_instrument()
        items = Item.objects.filter(instrument=instrument).select_related("dimension").order_by("position")
        if options["group"]:
            items = items.filter(audience=options["group"])
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
