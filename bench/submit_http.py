"""Respondents answering and submitting over HTTP, against a trivial Django view, in one run.

Target (issue 4): submitting a ~50-answer response reaches at least 10 % of the requests per second
of a trivial Django view. gunicorn serves the project on 127.0.0.1; CLIENTS processes replay what a
respondent's browser sends (share link, then GET and POST of every page, the review page and the
submit), alternating with rounds of GET /healthz/ (a view with no query). Medians of ROUNDS rounds.
Run: .venv/bin/python bench/submit_http.py
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

from common import ROOT, employee_survey, setup

PORT = 8765
WORKERS = 5  # gunicorn's advice: 2 x cores + 1
CLIENTS = 4
ROUNDS = 3
SECONDS = 6.0
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def request(method: str, path: str, body: str | None = None, cookie: str = "") -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    reply = connection.getresponse()
    text = reply.read().decode()
    connection.close()
    return reply.status, {k.lower(): v for k, v in reply.getheaders()}, text


def respondent(share_path: str, pages: list[dict[str, str]]) -> int:
    """One whole response as a browser sends it; returns the number of requests made."""
    status, headers, _ = request("GET", share_path)
    assert status == 302, status
    base = headers["location"]
    cookie, made = "", 1
    for number, answers in enumerate(pages, start=1):
        status, headers, html = request("GET", f"{base}{number}/", cookie=cookie)
        assert status == 200, status
        if "set-cookie" in headers:
            cookie = headers["set-cookie"].split(";")[0]
        body = urlencode({**answers, "csrfmiddlewaretoken": CSRF.search(html).group(1)}, doseq=True)  # type: ignore[union-attr]
        status, _, _ = request("POST", f"{base}{number}/", body=body, cookie=cookie)
        assert status == 302, status
        made += 2
    status, _, html = request("GET", f"{base}review/", cookie=cookie)
    token = CSRF.search(html).group(1)  # type: ignore[union-attr]
    body = urlencode({"csrfmiddlewaretoken": token})
    status, headers, _ = request("POST", f"{base}submit/", body=body, cookie=cookie)
    assert status == 302 and headers["location"].endswith("/r/done/"), status
    return made + 2


def client(kind: str, share_path: str, pages: list[dict[str, str]], seconds: float, out: multiprocessing.Queue) -> None:
    deadline = time.perf_counter() + seconds
    requests = responses = 0
    while time.perf_counter() < deadline:
        if kind == "trivial":
            status, _, _ = request("GET", "/healthz/")
            assert status == 200
            requests += 1
        else:
            requests += respondent(share_path, pages)
            responses += 1
    out.put((requests, responses))


def measure(kind: str, share_path: str, pages: list[dict[str, str]]) -> tuple[float, float]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=client, args=(kind, share_path, pages, SECONDS, queue)) for _ in range(CLIENTS)
    ]
    start = time.perf_counter()
    for p in procs:
        p.start()
    totals = [queue.get(timeout=SECONDS + 60) for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    return sum(t[0] for t in totals) / elapsed, sum(t[1] for t in totals) / elapsed


SECRET_KEY = "bench-only-" + "x" * 40  # the same here and in gunicorn: share links are signed with it


def main() -> None:
    os.environ["SECRET_KEY"] = SECRET_KEY
    setup()
    share_path, pages = employee_survey()
    questions = sum(len(p) - 1 for p in pages)

    # Production settings, as gunicorn would run them; plain HTTP on the loopback.
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    command = [sys.executable, "-m", "gunicorn", "assessment.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)  # noqa: S603
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        respondent(share_path, pages)  # warm up both workers' caches
        respondent(share_path, pages)
        trivial, answering, responses = [], [], []
        for _ in range(ROUNDS):
            trivial.append(measure("trivial", share_path, pages)[0])
            rate, done = measure("answering", share_path, pages)
            answering.append(rate)
            responses.append(done)
    finally:
        server.terminate()
        server.wait(timeout=30)

    t, a, r = statistics.median(trivial), statistics.median(answering), statistics.median(responses)
    print(f"gunicorn {WORKERS} workers, {CLIENTS} client processes, {ROUNDS} rounds of {SECONDS:.0f} s, medians")
    print(f"employees questionnaire: {questions} answers, {len(pages)} pages, {2 * len(pages) + 3} requests a response")
    print(f"trivial view (GET /healthz/):    {t:8.0f} requests/s")
    print(f"answering and submitting:        {a:8.0f} requests/s   ratio {a / t:.3f}")
    print(f"whole responses submitted:       {r:8.1f} responses/s")


if __name__ == "__main__":
    main()
