from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.audit.models import AuditEvent
from assessment.audit.services import record_event
from assessment.management.arguments import text
from assessment.organisations.access import OPERATOR
from assessment.organisations.models import Consultancy
from assessment.organisations.services import create_organisation

NAME_LENGTH = 200  # of Organisation.name and Consultancy.name


class Command(BaseCommand):
    help = "Create a client organisation, optionally managed by a consultancy, and print its id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", type=text(NAME_LENGTH), help="The organisation's name.")
        parser.add_argument(
            "--consultancy", type=text(NAME_LENGTH), help="The consultancy that manages it (created if new)."
        )
        parser.add_argument("--language", default="en", choices=[code for code, _ in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        consultancy = None
        if options["consultancy"]:
            consultancy, _ = Consultancy.objects.get_or_create(name=options["consultancy"].strip())
        try:
            organisation = create_organisation(
                name=options["name"], consultancy=consultancy, language=options["language"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        record_event(user=OPERATOR, organisation=organisation, action=AuditEvent.Action.CREATED, what="organisation")
        self.stdout.write(str(organisation.pk))
