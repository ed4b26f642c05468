import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.assessments.access import get_assessment
from assessment.organisations.access import OPERATOR, NotFound
from assessment.results.selectors import assessment_result, latest_published, published_result, result_as_json


class Command(BaseCommand):
    help = (
        "Print an assessment's results as JSON (PRODUCT.md section 7): the live result from every submitted "
        "response with the current settings, or with --published the latest published snapshot."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--published", action="store_true", help="The latest published result instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            assessment, _ = get_assessment(OPERATOR, options["assessment"])
        except NotFound:
            raise CommandError(f"No assessment with id {options['assessment']}.") from None
        if options["published"]:
            published = latest_published(assessment)
            if published is None:
                raise CommandError(f"Assessment {assessment.pk} has no published result yet.")
            result = published_result(published)
        else:
            result = assessment_result(assessment, live=True)
        self.stdout.write(json.dumps(result_as_json(result), indent=2))
