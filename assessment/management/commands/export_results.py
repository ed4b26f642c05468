import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment import selectors
from assessment.models import Assessment


class Command(BaseCommand):
    help = "Print an assessment's results as JSON (PRODUCT.md section 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = Assessment.objects.filter(pk=options["assessment"]).first()
        if assessment is None:
            raise CommandError(f"No assessment with id {options['assessment']}.")
        result = selectors.assessment_result(assessment)
        self.stdout.write(json.dumps(selectors.result_as_json(result), indent=2))
