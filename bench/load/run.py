"""Load test and soak: simulated respondents (locust) against gunicorn, PostgreSQL and Redis on 127.0.0.1.

Sets up a fresh database (DATABASE_URL, default assessment_load) with an organisation, an assessment and
its customer campaign on the built-in questionnaire version 2, whose shareable link takes unlimited starts
from 127.0.0.1 (every simulated respondent comes from there). Starts gunicorn with production settings
(DEBUG=0, the Redis cache of REDIS_URL; 2 x cores + 1 workers), then runs locust headless:

- load test (default): USERS respondents at once for RUN_TIME seconds, each waiting THINK seconds between
  pages, then finishing the respondent it is on;
- --soak MINUTES: a steady RATE respondents a second, with the memory (RSS) of the gunicorn workers, the
  Redis server and the database's PostgreSQL backends sampled every 30 s.

Then it checks the database: one submitted response per submit locust saw succeed, one response per
"Start" (none lost, none doubled), and the running totals counting each once. Prints p50/p95/p99 per kind
of request, requests/s and errors. Exits non-zero when a check fails.

Needs locust in a virtualenv of its own (bench/requirements.txt):
    python3 -m venv bench/.venv && bench/.venv/bin/pip install -r bench/requirements.txt
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/load/run.py [--users 200 --run-time 120]
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/load/run.py --soak 30 --rate 5
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SECRET_KEY = "load-test-only-" + "x" * 40  # the same here and in gunicorn: shareable links are signed with it
SAMPLE_SECONDS = 30
SOAK_PACING = 20.0  # seconds between one simulated user's respondents in the soak; users = rate x pacing
REQUEST_KINDS = (
    "GET shareable link",
    "GET personal link",
    "GET welcome",
    "POST start",
    "GET page",
    "POST page",
    "GET review",
    "POST submit",
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="respondents at once (load test)")
    parser.add_argument("--run-time", type=int, default=120, help="seconds of load (load test)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a respondent's pages (load test)")
    parser.add_argument("--soak", type=float, metavar="MINUTES", help="a steady rate for MINUTES instead")
    parser.add_argument("--rate", type=float, default=5.0, help="respondents starting per second (soak)")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--locust", default=str(ROOT / "bench" / ".venv" / "bin" / "locust"))
    return parser.parse_args()


def fresh_database() -> None:
    """Drops and creates the database of DATABASE_URL, then migrates it."""
    import dj_database_url
    import psycopg

    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = url["NAME"]
    admin = psycopg.connect(
        host=url["HOST"] or "127.0.0.1", port=url["PORT"] or 5432, user=url["USER"] or "postgres", autocommit=True
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def customer_survey() -> tuple[int, dict[str, Any]]:
    """The load test's customer campaign: its id, and its shareable link with one POST body per page."""
    from django.urls import reverse

    from assessment.assessments.services import create_assessment
    from assessment.campaigns.services import campaign_for_group
    from assessment.instruments.selectors import questionnaire
    from assessment.models import Campaign, Item
    from assessment.organisations.services import create_organisation
    from assessment.responses.forms import field_name
    from assessment.tokens import share_signature

    organisation = create_organisation(name="Load Test Organisation")
    assessment = create_assessment(organisation=organisation, title="Load test")
    campaign = campaign_for_group(assessment=assessment, group="customers")
    Campaign.objects.filter(pk=campaign.pk).update(shared_starts_per_hour=100_000_000)
    pages = []
    for page in questionnaire(campaign.instrument_id, campaign.group).pages:
        answers: dict[str, Any] = {"action": "next"}
        for number, item in enumerate(page.items):
            if item.type == Item.Type.LIKERT5:
                answers[field_name(item)] = str(2 + number % 4)
            elif item.type == Item.Type.NPS:
                answers[field_name(item)] = "8"
            elif item.type == Item.Type.SINGLE:
                answers[field_name(item)] = item.choices[0]["value"]
            elif item.type == Item.Type.MULTI:
                answers[field_name(item)] = [item.choices[0]["value"]]
            else:
                answers[field_name(item)] = "Shorter queues at the counter, please."
        pages.append(answers)
    share_path = reverse(
        "respond_shared", args=[campaign.public_id, share_signature(str(campaign.public_id), campaign.share_salt)]
    )
    return campaign.pk, {"share_path": share_path, "pages": pages}


def start_gunicorn(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; a TLS proxy is left out
        "DB_CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    command = [sys.executable, "-m", "gunicorn", "assessment.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)  # noqa: S603
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def warm_up(port: int, workers: int, path: str) -> None:
    """Every worker loads Django and its templates on its first requests: the link, the personal link and
    the welcome page, a few at once, before the clock starts. GETs store nothing."""

    def get(path: str, cookie: str = "") -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        reply = connection.getresponse()
        reply.read()
        connection.close()
        return reply.status, reply.getheader("Location", ""), reply.getheader("Set-Cookie", "").split(";")[0]

    def visitor(_: int) -> int:
        link = get(path)[1]
        welcome, cookie = get(link)[1:]
        return get(welcome, cookie)[0]

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        statuses = set(pool.map(visitor, range(4 * workers)))
    if statuses != {200}:
        raise SystemExit(f"the welcome page answered {statuses}")


def kib(pid: int, field: str) -> int:
    """A field of /proc/PID/status in KiB (VmRSS: resident; RssAnon: resident and private, no shared buffers)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def memory_sample(gunicorn: int) -> dict[str, float]:
    """MiB: gunicorn's workers, the Redis server, and this database's PostgreSQL backends (RSS and private)."""
    import redis
    from django.db import connection

    children = Path(f"/proc/{gunicorn}/task/{gunicorn}/children").read_text().split()
    workers = [int(pid) for pid in children]
    info = redis.Redis.from_url(os.environ["REDIS_URL"]).info("memory")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    return {
        "gunicorn_rss": sum(kib(pid, "VmRSS") for pid in workers) / 1024,
        "gunicorn_max_worker": max((kib(pid, "VmRSS") for pid in workers), default=0) / 1024,
        "redis_rss": int(info["used_memory_rss"]) / 2**20,
        "redis_used": int(info["used_memory"]) / 2**20,
        "pg_backends": len(backends),
        "pg_rss": sum(kib(pid, "VmRSS") for pid in backends) / 1024,
        "pg_private": sum(kib(pid, "RssAnon") for pid in backends) / 1024,
    }


def run_locust(args: argparse.Namespace, survey_path: str, prefix: str) -> subprocess.Popen[bytes]:
    if args.soak:
        users, run_time, think, pacing = max(1, round(args.rate * SOAK_PACING)), int(args.soak * 60), 0.0, SOAK_PACING
    else:
        users, run_time, think, pacing = args.users, args.run_time, args.think, 0.0
    env = os.environ | {"LOAD_SURVEY": survey_path, "LOAD_THINK": str(think), "LOAD_PACING": str(pacing)}
    command = [
        args.locust,
        "-f", str(HERE / "locustfile.py"),
        "--headless", "--only-summary",
        "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{run_time}s", "--stop-timeout", "300",
        "--host", f"http://127.0.0.1:{args.port}",
        "--json-file", prefix,
        "--loglevel", "WARNING",
    ]  # fmt: skip
    print(f"locust: {users} users, {run_time} s, think {think} s, pacing {pacing} s", flush=True)
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603


def soak_samples(server: subprocess.Popen[bytes], locust: subprocess.Popen[bytes]) -> list[dict[str, float]]:
    from django.db import connection

    samples, start = [], time.monotonic()
    while True:
        sample = {"minute": (time.monotonic() - start) / 60, **memory_sample(server.pid)}
        connection.close()  # not counted among the backends next time
        samples.append(sample)
        print(
            "t={minute:5.1f} min  gunicorn {gunicorn_rss:7.1f} MiB (largest worker {gunicorn_max_worker:6.1f})  "
            "redis {redis_rss:6.1f} MiB (used {redis_used:5.1f})  postgres {pg_backends:.0f} backends "
            "{pg_rss:7.1f} MiB (private {pg_private:6.1f})".format(**sample),
            flush=True,
        )
        try:
            locust.wait(timeout=SAMPLE_SECONDS)
            samples.append({"minute": (time.monotonic() - start) / 60, **memory_sample(server.pid)})
            return samples
        except subprocess.TimeoutExpired:
            continue


def growth(samples: list[dict[str, float]]) -> None:
    warm = next((s for s in samples if s["minute"] >= 5), samples[0])
    last = samples[-1]
    print("memory growth (MiB): start -> after 5 min -> end")
    for key, label in (
        ("gunicorn_rss", "gunicorn workers"),
        ("redis_rss", "redis server"),
        ("pg_rss", "postgres backends"),
        ("pg_private", "postgres backends, private"),
    ):
        first, middle, end = samples[0][key], warm[key], last[key]
        print(f"  {label:28} {first:7.1f} -> {middle:7.1f} -> {end:7.1f}   after warm-up {end - middle:+7.1f}")


def read_stats(prefix: str) -> dict[str, dict[str, Any]]:
    """Locust's statistics per kind of request, as written when it quits (after the last respondent ends)."""
    with open(f"{prefix}.json", encoding="utf-8") as stats:
        entries = {entry["name"]: entry for entry in json.load(stats)}
    everything: dict[str, Any] = {"num_requests": 0, "num_failures": 0, "response_times": Counter()}
    for entry in entries.values():
        everything["num_requests"] += entry["num_requests"]
        everything["num_failures"] += entry["num_failures"]
        everything["response_times"].update({int(ms): n for ms, n in entry["response_times"].items()})
        everything["start_time"] = min(everything.get("start_time", entry["start_time"]), entry["start_time"])
        last = entry["last_request_timestamp"] or entry["start_time"]
        everything["last_request_timestamp"] = max(everything.get("last_request_timestamp", last), last)
    entries["all requests"] = everything
    return entries


def percentile(response_times: dict[Any, int], fraction: float) -> int:
    """From locust's histogram of response times (milliseconds, rounded as locust rounds them)."""
    times = sorted((int(ms), n) for ms, n in response_times.items())
    wanted, seen = fraction * sum(n for _, n in times), 0
    for ms, n in times:
        seen += n
        if seen >= wanted:
            return ms
    return 0


def report(stats: dict[str, dict[str, Any]]) -> None:
    print(f"{'request':20} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
    for name in (*REQUEST_KINDS, "all requests"):
        entry = stats.get(name)
        if entry:
            seconds = max(1e-9, (entry["last_request_timestamp"] or entry["start_time"]) - entry["start_time"])
            times = entry["response_times"]
            print(
                f"{name:20} {entry['num_requests']:>7} {entry['num_failures']:>6} {percentile(times, 0.5):>7} "
                f"{percentile(times, 0.95):>7} {percentile(times, 0.99):>7} {entry['num_requests'] / seconds:7.1f}"
            )


def successes(stats: dict[str, dict[str, Any]], name: str) -> int:
    entry = stats.get(name)
    return int(entry["num_requests"]) - int(entry["num_failures"]) if entry else 0


def failures(stats: dict[str, dict[str, Any]], name: str) -> int:
    entry = stats.get(name)
    return int(entry["num_failures"]) if entry else 0


def check(campaign_id: int, stats: dict[str, dict[str, Any]]) -> bool:
    """The database against what locust saw: every start one response, every submit one submitted response."""
    from assessment.models import Response, ResponseTotal

    started, submitted = successes(stats, "POST start"), successes(stats, "POST submit")
    rows = Response.objects.filter(campaign_id=campaign_id)
    in_database, submitted_rows = rows.count(), rows.filter(submitted_at__isnull=False).count()
    total = ResponseTotal.objects.filter(campaign_id=campaign_id, bucket="").values_list("n", flat=True).first() or 0
    failed_submits = failures(stats, "POST submit")
    print(f"starts seen by locust {started}, responses in the database {in_database}")
    print(f"submits seen by locust {submitted} (failed {failed_submits}), submitted responses {submitted_rows}, "
          f"running total {total}")  # fmt: skip
    # A request that failed at the client may still have been saved: rows may exceed successes by those only.
    lost, doubled = max(0, submitted - submitted_rows), max(0, submitted_rows - submitted - failed_submits)
    print(f"lost {lost}, doubled {doubled}")
    starts_match = started <= in_database <= started + failures(stats, "POST start")
    return submitted > 0 and starts_match and lost == doubled == 0 and total == submitted_rows


def main() -> None:
    args = arguments()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("REDIS_URL must name the Redis database to use (production-like cache)")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/assessment_load")
    os.environ |= {"SECRET_KEY": SECRET_KEY, "DJANGO_SETTINGS_MODULE": "assessment.settings", "DEBUG": "0"}
    sys.path.insert(0, str(ROOT))
    fresh_database()
    campaign_id, survey = customer_survey()
    pages = len(survey["pages"])
    print(f"customer survey v2: {pages} pages, {2 * pages + 6} requests a respondent; gunicorn {args.workers} "
          f"workers on {os.cpu_count()} cores", flush=True)  # fmt: skip
    server, locust = start_gunicorn(args.port, args.workers), None
    with tempfile.TemporaryDirectory() as folder:
        survey_path = str(Path(folder) / "survey.json")
        Path(survey_path).write_text(json.dumps(survey), encoding="utf-8")
        prefix = str(Path(folder) / "locust")
        try:
            warm_up(args.port, args.workers, survey["share_path"])
            started = time.monotonic()
            locust = run_locust(args, survey_path, prefix)
            samples = soak_samples(server, locust) if args.soak else []
            locust.wait()
            elapsed = time.monotonic() - started
            stats = read_stats(prefix)
            if args.soak:
                growth(samples)
        finally:
            if locust is not None and locust.poll() is None:  # interrupted: no load left running
                locust.terminate()
                locust.wait(timeout=60)
            server.terminate()
            server.wait(timeout=60)
    report(stats)
    print(f"whole respondents submitted: {successes(stats, 'POST submit')} in {elapsed:.0f} s "
          f"({successes(stats, 'POST submit') / elapsed:.2f}/s)")  # fmt: skip
    from django.db import connection

    connection.close()
    if not check(campaign_id, stats):
        raise SystemExit("FAILED: the database does not match what the respondents were told")


if __name__ == "__main__":
    main()
