"""`manage.py import_responses` of 100,000 customers (version 2, about 45 answers each) from one CSV file.

Targets (issue 11): under 60 s and under 300 MB of memory.
Run: .venv/bin/python bench/import_scale.py [--rows N] [--runs K]

Each run imports the file into an empty campaign in a child process, timed from start to exit; memory is
the child's peak resident set (its rusage). On a shared machine the wall time says little, so the child's
CPU seconds and those of the PostgreSQL backend serving it (read from /proc) are printed too. A last run
imports the same file with a bad cell in its last row: it must be refused whole, storing nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# A database of its own: every run empties its responses.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/assessment_import_bench")

from common import ROOT, process_cpu_seconds, setup  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_MB = 300.0
WIDTHS = (4, 11, 11, 9, 8, 7, 10, 9, 8)
EMPTY_TABLES = (
    "assessment_answer",
    "assessment_responsedimensionscore",
    "assessment_response",
    "assessment_importedfile",
    "assessment_responsetotal",
    "assessment_dimensiontotal",
    "assessment_itemtotal",
)


def write_file(path: Path, items, rows: int) -> None:
    """Plausible paper answers: a personal leniency plus item noise, 3 % NA and 5 % blank; the complaint
    questions answered only by those who complained; segments, channels and now and then a comment."""
    from assessment.models import Item

    rng = random.Random(rows)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow([item.code for item in items])
        for _ in range(rows):
            lean = rng.gauss(0, 0.4)
            complained = rng.random() < 0.3
            cells = []
            for item in items:
                if item.shown_if and not complained:
                    cells.append("")
                elif item.type == Item.Type.LIKERT5:
                    chance = rng.random()
                    score = min(5, max(1, round(rng.gauss(3.6 + lean, 0.8))))
                    cells.append("NA" if chance < 0.03 else "" if chance < 0.08 else str(score))
                elif item.type == Item.Type.NPS:
                    cells.append(str(rng.randint(0, 10)))
                elif item.code == "CUS.COMPLAINED":
                    cells.append("yes" if complained else "no")
                elif item.type == Item.Type.SINGLE:
                    cells.append(rng.choice(item.choices)["value"])
                elif item.type == Item.Type.MULTI:
                    cells.append(";".join(c["value"] for c in rng.sample(item.choices, rng.randint(1, 2))))
                else:
                    cells.append("Quicker answers, please, and fewer forms." if rng.random() < 0.2 else "")
            writer.writerow(cells)


def empty() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(EMPTY_TABLES)}")


def import_in_child(assessment_id: int, path: Path) -> dict[str, float | int | str]:
    """One `manage.py import_responses` in a child process: its seconds, its CPU seconds and peak MB (from its
    rusage), the CPU seconds of the PostgreSQL backend serving it, its exit status and output. The machine
    may be shared: the CPU seconds say what the import costs on its own."""
    command = [sys.executable, "manage.py", "import_responses", "--assessment", str(assessment_id)]
    # Run as in production: DEBUG off (with it on, Django keeps every query it runs), so a key of its own.
    env = os.environ | {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50)}
    started = time.perf_counter()
    with backend_cpu() as server:
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [*command, "--group", "customers", str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "server_cpu": sum(server.values()),
        "mb": usage.ru_maxrss / 1024,
        "status": os.waitstatus_to_exitcode(status),
        "output": output.strip(),
    }


@contextmanager
def backend_cpu() -> Iterator[dict[int, float]]:
    """CPU seconds of each other backend of the bench database while the block runs, read from /proc every
    0.2 s (PostgreSQL runs on this machine); the last reading before a backend exits counts."""
    import dj_database_url
    import psycopg

    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    seen: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        with psycopg.connect(
            host=url["HOST"], port=url["PORT"] or 5432, user=url["USER"], dbname=url["NAME"], autocommit=True
        ) as watcher:
            while not done.wait(0.2):
                pids = watcher.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchall()
                for (pid,) in pids:
                    if (cpu := process_cpu_seconds(pid)) is not None:
                        seen[pid] = cpu

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield seen
    finally:
        done.set()
        sampler.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    setup()
    from assessment.campaigns.services import campaign_for_group
    from assessment.instruments.selectors import questionnaire
    from assessment.models import Answer, Assessment, Item, Organisation, Response

    organisation, _ = Organisation.objects.get_or_create(name="Bench Import Organisation")
    assessment, _ = Assessment.objects.get_or_create(organisation=organisation, title="Import 100k")
    campaign = campaign_for_group(assessment=assessment, group="customers")
    items = questionnaire(campaign.instrument_id, "customers").items
    path = Path(f"/tmp/import_scale_{options.rows}.csv")  # noqa: S108 - a bench's scratch file
    if not path.exists():
        write_file(path, items, options.rows)
    print(f"{path}: {options.rows:,} rows, {len(items)} columns, {path.stat().st_size / 2**20:.1f} MB")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    columns = ["run", "responses", "answers", "seconds", "/target", "CPU s", "DB CPU s", "peak MB", "/target"]
    print("".join(f"{name:>{width}}" for name, width in zip(columns, WIDTHS, strict=True)))
    runs = []
    for number in range(1, options.runs + 1):
        empty()
        run = import_in_child(assessment.pk, path)
        assert run["status"] == 0, run["output"]
        responses = Response.objects.filter(campaign=campaign).count()
        answers = Answer.objects.filter(response__campaign=campaign).count()
        assert responses == options.rows, (responses, run["output"])
        runs.append(run)
        print(f"{number:>4}{responses:>11,}{answers:>11,}{line(run)}  (load {os.getloadavg()[0]:.1f})", flush=True)
    median = {key: statistics.median(float(run[key]) for run in runs) for key in ("seconds", "cpu", "server_cpu", "mb")}
    print(f"{'median':>26}{line(median)}")

    bad = path.with_name(path.stem + "_bad_last_row.csv")
    column = next(number for number, item in enumerate(items, start=1) if item.type == Item.Type.LIKERT5)
    with path.open(encoding="utf-8", newline="") as good, bad.open("w", encoding="utf-8", newline="") as copy:
        rows = csv.reader(good)
        writer = csv.writer(copy)
        last = next(rows)
        for row in rows:
            writer.writerow(last)
            last = row
        last[column - 1] = "6"
        writer.writerow(last)
    empty()
    run = import_in_child(assessment.pk, bad)
    stored = Response.objects.filter(campaign=campaign).count()
    refused = run["status"] != 0 and f"row {options.rows + 1}, column {column}" in str(run["output"])
    assert refused and stored == 0, (run, stored)
    print(
        f"bad cell in the last row: refused in {run['seconds']:.1f} s ({run['cpu']:.1f} s CPU), "
        f"{run['mb']:.0f} MB, {stored} responses stored"
    )


def line(run: dict) -> str:
    seconds, mb = float(run["seconds"]), float(run["mb"])
    return (
        f"{seconds:>9.1f}{seconds / TARGET_SECONDS:>8.2f}{float(run['cpu']):>7.1f}{float(run['server_cpu']):>10.1f}"
        f"{mb:>9.0f}{mb / TARGET_MB:>8.2f}"
    )


if __name__ == "__main__":
    main()
