"""Answering and submitting a ~50-answer response, against a trivial Django view, in one run.

Target (issue 4): submitting one 50-answer response reaches at least 10 % of the requests per second
of a trivial view. Both are served by the same in-process Django (test client), so the ratio shows
the cost of our code and its queries, not of an HTTP server.
Run: .venv/bin/python bench/submit_rate.py
"""

from __future__ import annotations

import statistics
import time

from common import employee_survey, setup

ROUNDS = 5
RESPONSES_PER_ROUND = 40
TRIVIAL_PER_ROUND = 2000


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    share, pages = employee_survey()
    answers = sum(len(p) - 1 for p in pages)
    posts = list(enumerate(pages, start=1))
    client = Client()

    def one_response() -> list[int]:
        token = client.get(share).url.rstrip("/").split("/")[-1]
        queries = []
        for number, data in posts:
            with CaptureQueriesContext(connection) as q:
                reply = client.post(reverse("respond_section", args=[token, number]), data)
            assert reply.status_code == 302, reply.status_code
            queries.append(len(q))
        with CaptureQueriesContext(connection) as q:
            reply = client.post(reverse("respond_submit", args=[token]))
        assert reply.status_code == 302, reply.content[:500]
        queries.append(len(q))
        return queries

    queries = one_response()
    trivial_rates, request_rates, response_rates = [], [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(TRIVIAL_PER_ROUND):
            client.get("/healthz/")
        trivial_rates.append(TRIVIAL_PER_ROUND / (time.perf_counter() - start))
        start = time.perf_counter()
        for _ in range(RESPONSES_PER_ROUND):
            one_response()
        elapsed = time.perf_counter() - start
        # Requests: the share link, one POST per page and the submit.
        request_rates.append(RESPONSES_PER_ROUND * (len(posts) + 2) / elapsed)
        response_rates.append(RESPONSES_PER_ROUND / elapsed)

    trivial, requests, responses = (statistics.median(r) for r in (trivial_rates, request_rates, response_rates))
    print(f"employees questionnaire: {answers} questions on {len(posts)} pages")
    print(f"queries per page POST: {queries[:-1]}, submit: {queries[-1]}")
    print(f"trivial view:                 {trivial:8.0f} requests/s")
    print(f"answering requests:           {requests:8.0f} requests/s  ({100 * requests / trivial:.1f} % of trivial)")
    print(f"whole responses (all pages):  {responses:8.1f} responses/s")


if __name__ == "__main__":
    main()
