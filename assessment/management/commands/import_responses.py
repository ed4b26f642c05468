from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assessment.assessments.access import get_assessment
from assessment.campaigns.services import campaign_for_group
from assessment.groups import Group
from assessment.instruments.models import Item
from assessment.instruments.selectors import questionnaire
from assessment.organisations.access import OPERATOR, NotFound
from assessment.responses.importing import ImportRejected, parse_responses, size_error
from assessment.responses.services import store_imported_responses


class Command(BaseCommand):
    help = (
        "Import submitted responses from a CSV file: one row per respondent, columns named by item code "
        "(values 1-5, NA or blank). The whole file is rejected, with row and column numbers, on any bad cell."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--group", required=True, choices=Group.values)
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            assessment, _ = get_assessment(OPERATOR, options["assessment"])
        except NotFound:
            raise CommandError(f"No assessment with id {options['assessment']}.") from None
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if (too_large := size_error(path.stat().st_size)) is not None:
            raise CommandError(f"{path.name} rejected; nothing was imported.\n{too_large}")
        # One transaction: a rejected file leaves nothing behind, not even a new campaign.
        with transaction.atomic():
            campaign = campaign_for_group(assessment=assessment, group=options["group"])
            items = questionnaire(campaign.instrument_id, campaign.group).items
            all_items = list(Item.objects.filter(instrument=campaign.instrument).only("code", "audience"))
            try:
                rows = parse_responses(path.read_bytes(), group=campaign.group, items=items, all_items=all_items)
            except ImportRejected as rejected:
                message = f"{path.name} rejected; nothing was imported.\n" + "\n".join(str(e) for e in rejected.errors)
                raise CommandError(message) from None
            count = store_imported_responses(campaign=campaign, rows=rows)
        self.stdout.write(
            f"Imported {count} {campaign.group} responses into assessment {assessment.pk} ({assessment.title})."
        )
