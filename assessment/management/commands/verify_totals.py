from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.assessments.access import get_assessment
from assessment.campaigns.models import Campaign
from assessment.organisations.access import OPERATOR, NotFound
from assessment.responses.verification import differences

# Enough to see what kind of fault it is; the rest only repeats it.
SHOWN_DIFFERENCES = 20


class Command(BaseCommand):
    help = (
        "Recompute every campaign's running totals from the raw answers and compare them with the stored ones: "
        "one line per campaign, and a non-zero exit on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessment", type=int, help="Only this assessment's campaigns.")

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = Campaign.objects.select_related("assessment").order_by("pk")
        if options["assessment"] is not None:
            try:
                assessment, _ = get_assessment(OPERATOR, options["assessment"])
            except NotFound:
                raise CommandError(f"No assessment with id {options['assessment']}.") from None
            campaigns = campaigns.filter(assessment=assessment)
        wrong = 0
        for campaign in campaigns:
            label = f"Assessment {campaign.assessment_id} ({campaign.assessment.title}), {campaign.group}"
            found = differences(campaign)
            if not found:
                self.stdout.write(f"{label}: ok")
                continue
            wrong += 1
            more = f"; and {len(found) - SHOWN_DIFFERENCES} more" if len(found) > SHOWN_DIFFERENCES else ""
            shown = "; ".join(found[:SHOWN_DIFFERENCES])
            self.stdout.write(f"{label}: {len(found)} difference{'s' if len(found) > 1 else ''}: {shown}{more}")
        if wrong:
            raise CommandError(
                f"The running totals of {wrong} campaign{'s' if wrong > 1 else ''} differ from the answers; "
                "rebuild them (admin, running totals, “Rebuild the totals” action)."
            )
