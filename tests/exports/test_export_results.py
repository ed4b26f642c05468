"""The results export: the numbers of export_results, live or as published, in CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessment.assessments.services import update_scoring_settings
from assessment.models import Assessment, Campaign
from assessment.results.selectors import latest_published, published_result, result_as_json
from assessment.results.services import publish_result

from ..factories import submit_many
from .exporting import by_header, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(assessment: Assessment) -> Assessment:
    submit_many(assessment, "employees", 8, mean=3.6, seed=3)
    submit_many(assessment, "customers", 8, mean=3.2, seed=4)
    submit_many(assessment, "partners", 3, mean=4.0, seed=6)
    submit_many(assessment, "management", 1, mean=4.5, seed=5)
    # Closed, so the pages show every response, as export_results does (open ones move on in steps).
    now = timezone.now()
    Campaign.objects.filter(assessment=assessment).update(opens_at=now - dt.timedelta(days=9), closes_at=now)
    return assessment


def export_results(assessment: Assessment, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("export_results", "--assessment", str(assessment.pk), *args, stdout=out)
    return json.loads(out.getvalue())


def number(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def as_json(rows: list[dict[str, str]]) -> dict[str, Any]:
    """The export_results document rebuilt from the CSV's rows."""
    data: dict[str, Any] = {"levels": [], "groups": {}, "stakeholder": {}, "gaps": {}, "roadmap": []}
    for row in rows:
        section, code = row["section"], row["dimension"]
        if section == "maturity":
            data["maturity_level"] = int(row["level"])
            data["self_assessed_only"] = row["kind"] == "self_assessed_only"
        elif section == "level":
            not_measured = row["not_measured"].split(";") if row["not_measured"] else []
            level = {"level": int(row["level"]), "score": number(row["score"]), "attained": row["attained"] == "true"}
            data["levels"].append(level | {"not_measured": not_measured})
        elif section == "responses":
            suppressed = row["kind"] == "suppressed"
            data["groups"][row["group"]] = {"n": int(row["n"]), "suppressed": suppressed, "dimensions": {}}
        elif section == "group":
            ci95 = [number(row["ci95_low"]), number(row["ci95_high"])] if row["ci95_low"] else None
            dimension = {"score": number(row["score"]), "n": int(row["n"]), "ci95": ci95}
            data["groups"][row["group"]]["dimensions"][code] = dimension
        elif section == "stakeholder":
            data["stakeholder"][code] = number(row["score"])
        elif section == "gap":
            data["gaps"][code] = number(row["gap"])
        else:
            step = {"stage": int(row["stage"]), "kind": row["kind"], "level": int(row["level"]), "dimension": code}
            data["roadmap"].append(step | {"priority": number(row["priority"])})
    return data


def export(client, assessment: Assessment, fmt: str = "csv", query: str = ""):
    return client.get(reverse("export_results", args=[assessment.pk, fmt]) + query)


def test_the_csv_holds_the_numbers_of_export_results(client, manager, surveyed):
    client.force_login(manager)
    rows = by_header(csv_rows(export(client, surveyed)))
    expected = export_results(surveyed)
    assert expected["gaps"] and expected["roadmap"] and expected["groups"]["partners"]["suppressed"]
    assert as_json(rows) == expected
    names = {row["dimension"]: row["dimension_name"] for row in rows if row["dimension"]}
    assert names["L1.LEAD"] == "Leadership commitment"
    alphas = [row["alpha"] for row in rows if row["section"] == "group"]
    assert alphas and all(alpha == "" for alpha in alphas)  # no group reaches n >= 30


def test_the_xlsx_holds_the_same_rows_as_numbers(client, manager, surveyed):
    client.force_login(manager)
    from_csv = csv_rows(export(client, surveyed))
    from_xlsx = xlsx_rows(export(client, surveyed, "xlsx"))
    assert from_xlsx[0] == from_csv[0]
    # XLSX stores 72.0 as the number 72, which reads back as an int.
    as_text = [["" if cell is None else str(cell) for cell in row] for row in from_xlsx[1:]]
    assert as_text == [[cell.removesuffix(".0") for cell in row] for row in from_csv[1:]]
    assert any(isinstance(cell, float) and cell < 0 for row in from_xlsx for cell in row)  # a gap below zero


def test_the_published_export_is_the_snapshot_after_settings_and_responses_change(client, manager, surveyed):
    publish_result(assessment=surveyed, published_by=manager)
    values = {name: getattr(surveyed, name) for name in Assessment.FIELDS} | {"level_threshold": 30.0}
    update_scoring_settings(assessment=surveyed, values=values | {"dimension_floor": 20.0})
    submit_many(surveyed, "employees", 6, mean=1.5, seed=9)
    client.force_login(manager)
    published = as_json(by_header(csv_rows(export(client, surveyed, query="?published=1"))))
    snapshot = published_result(latest_published(surveyed))  # type: ignore[arg-type]
    assert published == result_as_json(snapshot) == export_results(surveyed, "--published")
    assert as_json(by_header(csv_rows(export(client, surveyed)))) == export_results(surveyed) != published
    reply = export(client, surveyed, "xlsx", "?published=1")
    assert reply["Content-Disposition"].endswith('-published-results.xlsx"')


def test_hr_gets_the_employee_rows_only(client, hr_user, manager, surveyed):
    client.force_login(hr_user)
    live = by_header(csv_rows(export(client, surveyed)))
    assert {row["group"] for row in live if row["group"]} == {"employees"}
    publish_result(assessment=surveyed, published_by=manager)
    published = by_header(csv_rows(export(client, surveyed, query="?published=1")))
    # The published result was computed from every group: its levels, gaps and roadmap would tell HR about them.
    assert {row["section"] for row in published} == {"responses", "group"}
    assert {row["group"] for row in published} == {"employees"}
