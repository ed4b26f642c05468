"""Helpers shared by the report page tests (no tests here): responses with chosen segments and comments,
the page's visible text and its figures."""

from __future__ import annotations

import html as html_lib
import json
import random
import re

from django.urls import reverse

from assessment.campaigns.services import campaign_for_group
from assessment.instruments.selectors import questionnaire
from assessment.models import Assessment, Item
from assessment.responses.services import store_imported_responses

CODE = re.compile(r"L[123]\.[A-Z]+")


def submit(
    assessment: Assessment,
    group: str,
    count: int,
    *,
    mean: float = 3.5,
    seed: int = 1,
    comments: list[str] | None = None,
    segment: str | None = None,
) -> None:
    """Like factories.submit_many, with the open question answered by the first len(comments) respondents
    and every customer in the given customer_type segment."""
    campaign = campaign_for_group(assessment=assessment, group=group)
    items = questionnaire(campaign.instrument_id, group).items
    rng = random.Random(seed)
    texts = list(comments or [])
    rows = []
    for i in range(count):
        row: dict[Item, object] = {}
        for item in items:
            if item.type == Item.Type.LIKERT5:
                row[item] = str(min(5, max(1, round(rng.gauss(mean, 0.6)))))
            elif item.type == Item.Type.NPS:
                row[item] = str(rng.randint(0, 10))
            elif item.type == Item.Type.TEXT and i < len(texts):
                row[item] = texts[i]
            elif item.segment == "customer_type" and segment:
                row[item] = segment
        rows.append(row)
    store_imported_responses(campaign=campaign, rows=rows)


def page(client, assessment: Assessment) -> str:
    reply = client.get(reverse("report", args=[assessment.pk]))
    assert reply.status_code == 200
    return reply.content.decode()


def visible_text(page_html: str) -> str:
    """What a reader sees: no scripts, no tags, entities decoded."""
    text = re.sub(r"<script\b.*?</script>", " ", page_html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html_lib.unescape(text))


def figure(page_html: str, chart: str) -> tuple[list[dict], dict]:
    """The traces and layout of one chart as the page hands them to Plotly (its JSON data block)."""
    match = re.search(rf'<script type="application/json" id="chart-{chart}-figure">(.*?)</script>', page_html, re.S)
    assert match, f"no {chart} chart on the page"
    data = json.loads(match.group(1))
    return data["data"], data["layout"]


def section(page_html: str, element_id: str) -> str:
    start = page_html.index(f'id="{element_id}"')
    return page_html[start : page_html.index("</section>", start)]
