"""python manage.py export_responses --assessment ID --format csv|xlsx --output FILE"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from ..factories import submit_many

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_responses", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_csv_and_xlsx_files_with_the_same_rows(tmp_path, assessment):
    submit_many(assessment, "employees", 6, seed=1)
    submit_many(assessment, "customers", 2, seed=2)
    out, err = run("--assessment", str(assessment.pk), "--format", "csv", "--output", str(tmp_path / "r.csv"))
    assert out.startswith(f"Wrote the responses of assessment {assessment.pk} (2026 Q4) to ")
    assert err.strip() == "Left out, fewer submitted responses than the anonymity threshold: customers."
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as file:
        from_csv = list(csv.reader(file))
    run("--assessment", str(assessment.pk), "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).worksheets[0]
    note, *from_xlsx = ([("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True))
    assert note[0].startswith("Left out")
    assert from_xlsx[0] == from_csv[0] and len(from_xlsx) == len(from_csv) == 7
    # Each export orders an anonymous campaign's rows afresh, so compare them without their row numbers.
    assert sorted(r[2:] for r in from_xlsx[1:]) == sorted(r[2:] for r in from_csv[1:])


def test_an_unknown_assessment_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No assessment with id 999999"):
        run("--assessment", "999999", "--format", "csv", "--output", str(tmp_path / "r.csv"))
    assert not (tmp_path / "r.csv").exists()
