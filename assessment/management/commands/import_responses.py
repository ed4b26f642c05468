from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from assessment.assessments.access import get_assessment
from assessment.campaigns.services import campaign_for_group
from assessment.groups import Group
from assessment.instruments.models import Item
from assessment.instruments.selectors import questionnaire
from assessment.organisations.access import OPERATOR, NotFound
from assessment.responses.importing import ImportRejected, check_file, size_error
from assessment.responses.services import AlreadyImported, import_file


class Command(BaseCommand):
    help = (
        "Import submitted responses from a CSV file: one row per respondent, columns named by item code "
        "(values 1-5, NA or blank). The whole file is rejected, with row and column numbers, on any bad cell; "
        "a file already imported into the campaign is refused unless --replace is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--group", required=True, choices=Group.values)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the responses of an earlier import of the same file (they are deleted and re-imported).",
        )
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
                checked = check_file(path, group=campaign.group, items=items, all_items=all_items)
                imported = import_file(campaign=campaign, checked=checked, replace=options["replace"])
            except ImportRejected as rejected:
                message = f"{path.name} rejected; nothing was imported.\n" + "\n".join(str(e) for e in rejected.errors)
                raise CommandError(message) from None
            except AlreadyImported as already:
                earlier = already.earlier
                raise CommandError(
                    f"{path.name} was already imported into the {campaign.group} responses of assessment "
                    f"{assessment.pk} on {timezone.localtime(earlier.imported_at):%Y-%m-%d %H:%M} "
                    f"(as {earlier.name}, {earlier.rows} rows); nothing was changed. "
                    "Run again with --replace to replace those responses."
                ) from None
        replaced = f", replacing the {imported.replaced} of its earlier import" if imported.replaced else ""
        self.stdout.write(
            f"Imported {imported.stored} {campaign.group} responses into assessment {assessment.pk} "
            f"({assessment.title}){replaced}."
        )
