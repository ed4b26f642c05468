from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.assessments.services import create_assessment
from assessment.management.arguments import text
from assessment.organisations.models import Organisation

TITLE_LENGTH = 200  # of Assessment.title and Organisation.name


class Command(BaseCommand):
    help = "Create an assessment (one round) for an organisation and print its id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, type=text(TITLE_LENGTH), help="The organisation's name, exactly.")
        parser.add_argument("--title", required=True, type=text(TITLE_LENGTH), help="For example “2026 Q4”.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(name=options["org"]).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.order_by("name").values_list("name", flat=True)[:20]) or "none"
            raise CommandError(f"No organisation named “{options['org']}”. Known: {known}.")
        try:
            assessment = create_assessment(organisation=organisation, title=options["title"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(str(assessment.pk))
