"""Two checkouts side by side: whole respondents per second and server CPU per respondent, in one run.

For changes meant to make answering cheaper. Each checkout is served by gunicorn with 2 sync workers on a
database of its own (as ../shared/peer-bench does), and the same client replays respondents (share link,
GET and POST of every page, review, submit) against one, then the other, in alternating rounds. Besides
the rate, which the machine's load moves, it prints the CPU the server's workers and PostgreSQL spent per
respondent, which it moves much less. Medians over the rounds; ratios are the second over the first.

Run: .venv/bin/python bench/flow_ab.py BASELINE_CHECKOUT [CANDIDATE_CHECKOUT, default this one]
     e.g. git worktree add /tmp/base HEAD~3 && .venv/bin/python bench/flow_ab.py /tmp/base
A setting against itself: CANDIDATE_ENV="DB_CONN_MAX_AGE=0" .venv/bin/python bench/flow_ab.py . .
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from common import process_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CLIENTS = 8
ROUNDS = int(os.environ.get("ROUNDS", "5"))
SECONDS = float(os.environ.get("SECONDS", "10"))
MAX_RESPONDENTS = 100_000  # per client and round: a bound besides the deadline
SECRET_KEY = "bench-only-" + "y" * 40
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SURVEY = (
    "import json, common; common.setup(); share, pages = common.employee_survey(); "
    "print(json.dumps({'share': share, 'pages': pages}))"
)


def prepare(
    checkout: Path, database: str, port: int, extra: dict[str, str]
) -> tuple[subprocess.Popen[bytes], dict[str, object]]:
    """Migrate the checkout's own database, make its campaign, collect its static files, start gunicorn."""
    env = (
        os.environ
        | extra
        | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
    )
    env.pop("REDIS_URL", None)  # as the peer bench runs it: tasks in process, a local-memory cache
    python = sys.executable
    made = subprocess.run([python, "-c", SURVEY], cwd=checkout / "bench", env=env, check=True, capture_output=True)  # noqa: S603
    survey = json.loads(made.stdout.decode().strip().splitlines()[-1])
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=checkout, env=env, check=True)  # noqa: S603
    command = [python, "-m", "gunicorn", "assessment.wsgi:application", "--workers", str(WORKERS)]
    server = subprocess.Popen(  # noqa: S603
        [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=checkout, env=env
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, survey


def request(
    port: int, method: str, path: str, jar: dict[str, str], form: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """One request on a new connection, keeping every cookie in `jar`, as a browser (and the peer bench) does."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    reply = connection.getresponse()
    text = reply.read().decode()
    connection.close()
    for key, value in reply.getheaders():
        if key.lower() == "set-cookie":
            name, _, rest = value.split(";", 1)[0].partition("=")
            jar[name.strip()] = rest
    return reply.status, reply.getheader("Location") or "", text


def respondent(port: int, survey: dict[str, object]) -> None:
    """One whole response: share link, GET and POST of every page, review, submit."""
    jar: dict[str, str] = {}
    status, base, _ = request(port, "GET", str(survey["share"]), jar)
    assert status == 302, status
    base = base.rstrip("/") + "/"
    for number, answers in enumerate(survey["pages"], start=1):  # type: ignore[arg-type]
        status, _, html = request(port, "GET", f"{base}{number}/", jar)
        assert status == 200, status
        form = {**answers, "csrfmiddlewaretoken": CSRF.search(html).group(1)}  # type: ignore[union-attr]
        status, _, _ = request(port, "POST", f"{base}{number}/", jar, form)
        assert status == 302, status
    status, _, html = request(port, "GET", f"{base}review/", jar)
    assert status == 200, status
    token = CSRF.search(html).group(1)  # type: ignore[union-attr]
    status, location, _ = request(port, "POST", f"{base}submit/", jar, {"csrfmiddlewaretoken": token})
    assert status == 302 and location.endswith("/r/done/"), (status, location)


def cpu_seconds(pids: list[int]) -> float:
    return sum(process_cpu_seconds(pid) or 0.0 for pid in pids)


def children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    return [int(p) for p in found.stdout.split()]


def psql(sql: str) -> str:
    """A statement run by psql as postgres on the local server (names here are this script's own)."""
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atqc", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


def postgres_backends(database: str) -> list[int]:
    return [int(p) for p in psql(f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'").split()]  # noqa: S608


def client(port: int, survey: dict[str, object], seconds: float, out: multiprocessing.Queue) -> None:
    deadline, done = time.perf_counter() + seconds, 0
    for _ in range(MAX_RESPONDENTS):
        if time.perf_counter() >= deadline:
            break
        respondent(port, survey)
        done += 1
    out.put(done)


def round_of(
    port: int, survey: dict[str, object], server: subprocess.Popen[bytes], database: str
) -> tuple[float, float, float]:
    """Respondents per second, and worker and PostgreSQL CPU milliseconds per respondent."""
    workers, backends = children(server.pid), postgres_backends(database)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client, args=(port, survey, SECONDS, queue)) for _ in range(CLIENTS)]
    cpu_before, pg_before, start = cpu_seconds(workers), cpu_seconds(backends), time.perf_counter()
    for p in procs:
        p.start()
    done = sum(queue.get(timeout=SECONDS + 120) for _ in procs)
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    cpu, pg = cpu_seconds(workers) - cpu_before, cpu_seconds(backends) - pg_before
    return done / elapsed, 1000 * cpu / max(done, 1), 1000 * pg / max(done, 1)


def main() -> None:
    baseline = Path(sys.argv[1]).resolve()
    candidate = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT
    sides = [("baseline", baseline, "flow_ab_baseline", 8771), ("candidate", candidate, "flow_ab_candidate", 8772)]
    candidate_env = dict(pair.split("=", 1) for pair in os.environ.get("CANDIDATE_ENV", "").split() if "=" in pair)
    servers, surveys, results = {}, {}, {name: [] for name, *_ in sides}  # type: ignore[var-annotated]
    try:
        for name, checkout, database, port in sides:
            psql(f"DROP DATABASE IF EXISTS {database}")
            extra = candidate_env if name == "candidate" else {}
            servers[name], surveys[name] = prepare(checkout, database, port, extra)
            for _ in range(4):  # warm both workers
                respondent(port, surveys[name])
        for number in range(ROUNDS):
            for name, _, database, port in sides if number % 2 == 0 else reversed(sides):
                results[name].append(round_of(port, surveys[name], servers[name], database))
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=30)
    print(f"{ROUNDS} rounds of {SECONDS:.0f} s, gunicorn {WORKERS} workers, {CLIENTS} clients; medians [min-max]")
    for label, index in (("respondents/s", 0), ("worker CPU ms/respondent", 1), ("PostgreSQL CPU ms/respondent", 2)):
        line = f"{label:30}"
        for name, *_ in sides:
            values = [r[index] for r in results[name]]
            line += f"  {name} {statistics.median(values):7.2f} [{min(values):.2f}-{max(values):.2f}]"
        ratios = [c[index] / b[index] for b, c in zip(results["baseline"], results["candidate"], strict=True)]
        print(f"{line}  candidate/baseline {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
