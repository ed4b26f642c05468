"""Simulated respondents answering a customer survey through its shareable link, as a browser does.

One task is one whole respondent: the shareable link, the personal link it leads to, the welcome page,
"Start", GET and POST of every page, the review page and the submit. Each respondent starts with no
cookies, so it gets a token of its own. run.py writes the survey (link and answers per page) to the JSON
file named by LOAD_SURVEY and reads locust's statistics afterwards; a submit counts as a success only
when it lands on the "thank you" page.

LOAD_THINK: seconds a respondent waits between pages (the load test). LOAD_PACING: seconds between the
starts of one simulated user's respondents (the soak's steady rate); 0 runs them back to back.
"""

from __future__ import annotations

import json
import os
import re
import time
from typing import Any

from locust import HttpUser, constant, constant_pacing, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
with open(os.environ["LOAD_SURVEY"], encoding="utf-8") as survey_file:
    SURVEY: dict[str, Any] = json.load(survey_file)
THINK = float(os.environ.get("LOAD_THINK", "0"))
PACING = float(os.environ.get("LOAD_PACING", "0"))


class Respondent(HttpUser):
    wait_time = constant_pacing(PACING) if PACING else constant(0)

    def _keep_cookies(self) -> None:
        """The production settings mark cookies Secure; this test speaks plain HTTP to 127.0.0.1, so the
        client sends them anyway, as a browser behind the TLS proxy in front of gunicorn would."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def _get(self, path: str, name: str, expect: int) -> Any:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True, timeout=120) as reply:
            self._keep_cookies()
            if reply.status_code != expect:
                reply.failure(f"{reply.status_code}, expected {expect}")
                raise StopRespondent
            return reply

    def _post(self, path: str, name: str, data: dict[str, Any], csrf_from: str, expect_in: str) -> Any:
        token = CSRF.search(csrf_from)
        if token is None:
            raise StopRespondent
        body = {**data, "csrfmiddlewaretoken": token.group(1)}
        with self.client.post(
            path, data=body, name=name, allow_redirects=False, catch_response=True, timeout=120
        ) as reply:
            self._keep_cookies()
            location = reply.headers.get("Location", "")
            if reply.status_code != 302 or expect_in not in location:
                reply.failure(f"{reply.status_code} to {location or 'nowhere'}, expected a redirect to {expect_in}")
                raise StopRespondent
            return location

    def _think(self) -> None:
        if THINK:
            time.sleep(THINK)

    @task
    def respond(self) -> None:
        self.client.cookies.clear()
        try:
            link = self._get(SURVEY["share_path"], "GET shareable link", 302).headers["Location"]
            welcome = self._get(link, "GET personal link", 302).headers["Location"]
            page = self._get(welcome, "GET welcome", 200)
            self._think()
            location = self._post(welcome, "POST start", {"language": "en"}, page.text, "/r/page/1/")
            for number, answers in enumerate(SURVEY["pages"], start=1):
                page = self._get(location, "GET page", 200)
                self._think()
                following = "/r/review/" if number == len(SURVEY["pages"]) else f"/r/page/{number + 1}/"
                location = self._post(location, "POST page", answers, page.text, following)
            review = self._get(location, "GET review", 200)
            self._think()
            self._post("/r/submit/", "POST submit", {}, review.text, "/r/done/")
        except StopRespondent:
            return


class StopRespondent(Exception):
    """A request failed (already recorded in locust's statistics): this respondent gives up."""
