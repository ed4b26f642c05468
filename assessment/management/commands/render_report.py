from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.assessments.access import get_assessment
from assessment.organisations.access import OPERATOR, NotFound
from assessment.results.files import write_atomically
from assessment.results.pdf import render_pdf
from assessment.results.selectors import latest_published


class Command(BaseCommand):
    help = (
        "Write an assessment's branded PDF report (PRODUCT.md section 7), the one the site builds, from its "
        "latest published result (or --published N), in the organisation's language unless --language says."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, required=True)
        parser.add_argument("--format", choices=["pdf"], default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--published", type=int, help="This published number instead of the latest.")
        parser.add_argument("--language", choices=[code for code, _ in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            assessment, _ = get_assessment(OPERATOR, options["assessment"])
        except NotFound:
            raise CommandError(f"No assessment with id {options['assessment']}.") from None
        if options["published"] is None:
            published = latest_published(assessment)
            if published is None:
                raise CommandError(
                    f"Assessment {assessment.pk} has no published result yet: publish it on its report page first."
                )
        else:
            published = assessment.published.filter(number=options["published"]).first()
            if published is None:
                raise CommandError(f"Assessment {assessment.pk} has no published result #{options['published']}.")
        content = render_pdf(published, options["language"] or assessment.organisation.language)
        output = Path(options["output"])
        write_atomically(output.resolve(), content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes), published report #{published.number}.")
