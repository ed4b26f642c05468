"""Benchmark set-up: a PostgreSQL database of its own (DATABASE_URL, default assessment_bench), migrated."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/assessment_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assessment.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def setup() -> None:
    import dj_database_url
    import psycopg

    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    admin = psycopg.connect(
        host=url["HOST"] or "127.0.0.1",
        port=url["PORT"] or 5432,
        user=url["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    )
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [url["NAME"]]).fetchone()
    if not exists:
        admin.execute(f'CREATE DATABASE "{url["NAME"]}"')
    admin.close()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds a process of this machine has used so far, from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def median_seconds(run: Callable[[], object], repeat: int = 7) -> float:
    run()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def employee_survey() -> tuple[str, list[dict[str, str]]]:
    """The bench's employees campaign: its shareable link's path and one POST body per page."""
    from django.urls import reverse

    from assessment.campaigns.services import campaign_for_group
    from assessment.instruments.selectors import questionnaire
    from assessment.models import Assessment, Campaign, Item, Organisation
    from assessment.responses.forms import field_name
    from assessment.tokens import share_signature

    organisation, _ = Organisation.objects.get_or_create(name="Bench Submit Organisation")
    assessment, _ = Assessment.objects.get_or_create(organisation=organisation, title="Bench submit")
    campaign = campaign_for_group(assessment=assessment, group="employees")
    # Every bench respondent answers from 127.0.0.1, like customers at one counter's tablet.
    Campaign.objects.filter(pk=campaign.pk).update(shared_starts_per_hour=10_000_000)
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    pages = []
    for page in questionnaire(campaign.instrument_id, campaign.group).pages:
        answers = {"action": "next"}
        for item in page.items:
            if item.type == Item.Type.LIKERT5:
                answers[field_name(item)] = "4"
            elif item.type == Item.Type.NPS:
                answers[field_name(item)] = "8"
            elif item.type == Item.Type.TEXT:
                answers[field_name(item)] = "Fewer meetings, more time with customers."
        pages.append(answers)
    return reverse("respond_shared", args=[campaign.public_id, signature]), pages
