import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.assessments.access import get_assessment
from assessment.organisations.access import OPERATOR, NotFound
from assessment.results.selectors import assessment_result, result_as_json


class Command(BaseCommand):
    help = "Print an assessment's results as JSON (PRODUCT.md section 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            assessment, _ = get_assessment(OPERATOR, options["assessment"])
        except NotFound:
            raise CommandError(f"No assessment with id {options['assessment']}.") from None
        self.stdout.write(json.dumps(result_as_json(assessment_result(assessment)), indent=2))
