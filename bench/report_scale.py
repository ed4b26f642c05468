"""Report page and export_results at 1,000 and 100,000 submitted responses.

Targets (issue 4): under 1 s at 100k, at most 20 queries, t(100k) / t(1k) <= 3.
Run: .venv/bin/python bench/report_scale.py   (first run generates the data: several minutes)
"""

from __future__ import annotations

import io
import random
import time

from common import median_seconds, setup

SHARES = {"customers": 0.60, "employees": 0.25, "partners": 0.10, "shareholders": 0.05}
CHUNK = 5000


def populate(assessment, total: int) -> None:
    from assessment.campaigns.services import campaign_for_group
    from assessment.instruments.selectors import questionnaire
    from assessment.models import Item, ResponseTotal
    from assessment.responses.services import store_imported_responses

    done = sum(ResponseTotal.objects.filter(campaign__assessment=assessment, bucket="").values_list("n", flat=True))
    if done >= total:
        return
    rng = random.Random(total)
    groups = {"management": 1} | {g: int(total * share) for g, share in SHARES.items()}
    groups["customers"] += total + 1 - sum(groups.values())
    started = time.perf_counter()
    for group, count in groups.items():
        campaign = campaign_for_group(assessment=assessment, group=group)
        items = questionnaire(campaign.instrument_id, group).items
        for start in range(0, count, CHUNK):
            rows = []
            for _ in range(min(CHUNK, count - start)):
                lean = rng.gauss(0, 0.4)
                row: dict[Item, object] = {}
                for item in items:
                    if item.type == Item.Type.LIKERT5:
                        row[item] = (
                            "na" if rng.random() < 0.03 else str(min(5, max(1, round(rng.gauss(3.6 + lean, 0.8)))))
                        )
                    elif item.type == Item.Type.NPS:
                        row[item] = str(rng.randint(0, 10))
                    elif item.segment:
                        row[item] = rng.choice(item.choices)["value"]
                rows.append(row)
            store_imported_responses(campaign=campaign, rows=rows)
        print(f"  {assessment.title}: {group} {count} responses ({time.perf_counter() - started:.0f} s)", flush=True)


def main() -> None:
    setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessment.models import Assessment, Membership, Organisation

    user, _ = get_user_model().objects.get_or_create(username="bench-manager")
    sizes = {"1k": 1_000, "100k": 100_000}
    assessments = {}
    for label, size in sizes.items():
        # One organisation each, so that neither report has an earlier assessment to trend against.
        organisation, _ = Organisation.objects.get_or_create(name=f"Bench Organisation {label}")
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "manager"})
        Assessment.objects.filter(title=f"Bench {label}").update(organisation=organisation)
        assessments[label], _ = Assessment.objects.get_or_create(organisation=organisation, title=f"Bench {label}")
        populate(assessments[label], size)

    client = Client()
    client.force_login(user)
    results = {}
    for label, assessment in assessments.items():
        url = f"/assessments/{assessment.pk}/report/"

        def page(url=url):
            reply = client.get(url)
            assert reply.status_code == 200, reply.status_code

        def export(pk=assessment.pk):
            call_command("export_results", "--assessment", str(pk), stdout=io.StringIO())

        page_time, export_time = median_seconds(page), median_seconds(export)
        with CaptureQueriesContext(connection) as q_page:
            page()
        with CaptureQueriesContext(connection) as q_export:
            export()
        results[label] = {
            "page": page_time,
            "export": export_time,
            "page_queries": len(q_page),
            "export_queries": len(q_export),
        }

    print(f"{'':8}{'report page':>14}{'queries':>9}{'export_results':>16}{'queries':>9}")
    for label, r in results.items():
        page_ms, export_ms = r["page"] * 1000, r["export"] * 1000
        print(f"{label:8}{page_ms:>11.1f} ms{r['page_queries']:>9}{export_ms:>13.1f} ms{r['export_queries']:>9}")
    small, large = results["1k"], results["100k"]
    page_ratio, export_ratio = large["page"] / small["page"], large["export"] / small["export"]
    print(f"ratio t(100k)/t(1k): report page {page_ratio:.2f}, export_results {export_ratio:.2f}")


if __name__ == "__main__":
    main()
