"""Shared by the export tests: responses with chosen answers, and reading a download back."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from django.http import HttpResponseBase

from assessment.campaigns.services import campaign_for_group
from assessment.instruments.selectors import questionnaire
from assessment.models import Assessment, Campaign
from assessment.responses.services import store_imported_responses


def submit_texts(assessment: Assessment, group: str, texts: Sequence[str], *, likert: str = "4") -> Campaign:
    """One submitted response per text, answering every likert item with `likert` and the free-text item
    with the text, in this order."""
    campaign = campaign_for_group(assessment=assessment, group=group)
    items = questionnaire(campaign.instrument_id, group).items
    rows = []
    for text in texts:
        row: dict[Any, Any] = {item: likert for item in items if item.type == "likert5"}
        row.update({item: text for item in items if item.type == "text"})
        rows.append(row)
    store_imported_responses(campaign=campaign, rows=rows)
    return campaign


def content(reply: HttpResponseBase) -> bytes:
    assert reply.status_code == 200, reply
    return b"".join(reply.streaming_content)  # type: ignore[attr-defined]


def csv_rows(reply: HttpResponseBase) -> list[list[str]]:
    data = content(reply)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(reply: HttpResponseBase) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content(reply)), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def by_header(rows: list[list[Any]]) -> list[dict[str, Any]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]
