from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.assessments.access import get_assessment
from assessment.exports.downloads import FORMATS
from assessment.exports.formats import csv_pieces, write_xlsx
from assessment.exports.selectors import response_table
from assessment.organisations.access import OPERATOR, NotFound


class Command(BaseCommand):
    help = (
        "Write an assessment's submitted responses to a CSV or XLSX file: one row per response, one column per "
        "item code, as import_responses reads them. Groups below their anonymity threshold are left out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            assessment, access = get_assessment(OPERATOR, options["assessment"])
        except NotFound:
            raise CommandError(f"No assessment with id {options['assessment']}.") from None
        table = response_table(assessment, access)
        output: Path = options["output"]
        try:
            if options["format"] == "csv":
                with output.open("w", encoding="utf-8", newline="") as file:
                    file.writelines(csv_pieces(table))
            else:
                with output.open("wb") as binary:
                    write_xlsx(table, binary, sheet="Responses")
        except OSError as error:  # no such folder, a folder, no permission, a full disk
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from None
        if table.note:
            self.stderr.write(table.note)
        self.stdout.write(f"Wrote the responses of assessment {assessment.pk} ({assessment.title}) to {output}.")
