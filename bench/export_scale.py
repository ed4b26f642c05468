"""Responses exports over HTTP, CSV and XLSX, at 10,000 responses of about 50 answers and at 100,000 responses.

Targets (issue 12): 10,000 x 50 in under 3 s, 100,000 in under 60 s, under 200 MB of memory.
Run: .venv/bin/python bench/export_scale.py   (the first run generates the data in SQL: a minute or two)
     EXPORT_SIZES=10k .venv/bin/python bench/export_scale.py   (only the 10,000 responses)

Memory is the process's resident set, read every 10 ms while an export runs; the peak is reported whole
(Django and the data already loaded included) and as the growth over the level just before the export.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# A database of its own, so that the data generated here never mixes with the other benches'.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/assessment_export_bench")

from common import setup  # noqa: E402

SIZES = {
    "10k": {"employees": 10_000},
    "100k": {"customers": 60_000, "employees": 25_000, "partners": 10_000, "shareholders": 5_000},
}
SIZES = {label: groups for label, groups in SIZES.items() if label in os.environ.get("EXPORT_SIZES", "10k,100k")}
TARGET_SECONDS = {"10k": 3.0, "100k": 60.0}
TARGET_MB = 200.0
RUNS = {"10k": 3, "100k": 1}
PAGE = os.sysconf("SC_PAGE_SIZE")

RESPONSES_SQL = """
INSERT INTO assessment_response
    (campaign_id, source, language, current_section, browser_hash, submitted_at,
     customer_type, age_band, gender, purchase_frequency, socio_economic)
SELECT %(campaign)s, 'import', 'en', 0, '', date_trunc('day', now() - random() * interval '30 days'),
       CASE WHEN %(segments)s THEN (ARRAY['individual', 'organisation', 'government'])[1 + floor(random() * 3)::int]
            ELSE '' END,
       CASE WHEN %(segments)s THEN (ARRAY['under_25', '25_34', '35_44', '45_54'])[1 + floor(random() * 4)::int]
            ELSE '' END,
       '', '', ''
FROM generate_series(1, %(count)s)
"""
# Every item the group is asked and everybody sees (filter questions' items left unanswered): likert 1-5 with
# 3 % "not applicable", nps 0-10, one choice for single and multi items, a sentence for free text.
ANSWERS_SQL = """
INSERT INTO assessment_answer (response_id, item_id, value, not_applicable, choices, text)
SELECT response_id, item_id,
       CASE WHEN type = 'likert5' AND x >= 0.03 THEN 1 + floor(y * 5)::int
            WHEN type = 'nps' THEN floor(y * 11)::int END,
       type = 'likert5' AND x < 0.03,
       CASE WHEN type IN ('single', 'multi')
            THEN jsonb_build_array(choices -> floor(y * jsonb_array_length(choices))::int ->> 'value')
            ELSE '[]'::jsonb END,
       CASE WHEN type = 'text' THEN 'Fewer meetings, more time with customers.' ELSE '' END
FROM (
    SELECT r.id AS response_id, i.id AS item_id, i.type, i.choices, random() AS x, random() AS y
    FROM assessment_response r CROSS JOIN assessment_item i
    WHERE r.campaign_id = %(campaign)s AND i.instrument_id = %(instrument)s AND i.audience = %(group)s
      AND i.shown_if IS NULL
) AS cells
"""


def populate(assessment, groups: dict[str, int]) -> None:
    from django.db import connection, transaction

    from assessment.campaigns.services import campaign_for_group
    from assessment.models import Response, ResponseTotal

    for group, count in groups.items():
        campaign = campaign_for_group(assessment=assessment, group=group)
        if Response.objects.filter(campaign=campaign).count() == count:
            continue
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            Response.objects.filter(campaign=campaign).delete()
            params = {"campaign": campaign.pk, "instrument": campaign.instrument_id, "group": group}
            cursor.execute(RESPONSES_SQL, params | {"count": count, "segments": group == "customers"})
            cursor.execute(ANSWERS_SQL, params)
            # Straight SQL bypasses the running totals; the export reads only this one, to tell whether the
            # group is below its anonymity threshold.
            ResponseTotal.objects.update_or_create(campaign=campaign, bucket="", defaults={"n": count})
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would gather them soon after such a load; without them the planner
            # scans the whole answer table for each chunk of responses.
            cursor.execute("ANALYZE assessment_response, assessment_answer")
        print(f"  {assessment.title}: {count} {group} responses ({time.perf_counter() - started:.0f} s)", flush=True)


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


@contextmanager
def peak_rss() -> Iterator[dict[str, int]]:
    seen = {"before": rss(), "peak": rss()}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            seen["peak"] = max(seen["peak"], rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield seen
    finally:
        done.set()
        sampler.join()
        seen["peak"] = max(seen["peak"], rss())


def download(client, url: str) -> tuple[float, float, int, dict[str, int]]:
    """Seconds from the request to the last byte, this process's CPU seconds in them (other sessions share the
    machine's two cores), bytes received, memory; nothing is kept."""
    with peak_rss() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        reply = client.get(url)
        assert reply.status_code == 200, reply.status_code
        size = sum(len(piece) for piece in reply.streaming_content)
        reply.close()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, size, memory


def main() -> None:
    setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from assessment.models import Answer, Assessment, Membership, Organisation

    user, _ = get_user_model().objects.get_or_create(username="bench-export-manager")
    organisation, _ = Organisation.objects.get_or_create(name="Bench Export Organisation")
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "manager"})
    assessments = {}
    for label, groups in SIZES.items():
        assessments[label], _ = Assessment.objects.get_or_create(organisation=organisation, title=f"Export {label}")
        populate(assessments[label], groups)

    client = Client()
    client.force_login(user)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    header = f"{'':6}{'format':>7}{'responses':>11}{'answers':>10}{'seconds':>9}{'/target':>8}{'CPU s':>7}"
    print(header + f"{'MB':>8}{'peak RSS MB':>13}{'/target':>8}{'growth MB':>11}")
    for label, assessment in assessments.items():
        answers = Answer.objects.filter(response__campaign__assessment=assessment).aggregate(n=Count("pk"))["n"]
        responses = sum(SIZES[label].values())
        for fmt in ("csv", "xlsx"):
            url = reverse("export_responses", args=[assessment.pk, fmt])
            runs = sorted((download(client, url) for _ in range(RUNS[label])), key=lambda run: run[0])
            seconds, cpu, size, memory = runs[len(runs) // 2]
            peak_mb = memory["peak"] / 2**20
            growth_mb = (memory["peak"] - memory["before"]) / 2**20
            print(
                f"{label:6}{fmt:>7}{responses:>11,}{answers:>10,}"
                f"{seconds:>9.2f}{seconds / TARGET_SECONDS[label]:>8.2f}{cpu:>7.2f}"
                f"{size / 2**20:>8.1f}{peak_mb:>13.0f}{peak_mb / TARGET_MB:>8.2f}{growth_mb:>11.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
