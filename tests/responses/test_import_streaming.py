"""import_responses reads its file as a stream and writes in batches (issue 11: 100,000 rows in bounded memory),
still all or nothing."""

from __future__ import annotations

import csv
import io
import random
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from assessment.instruments.selectors import latest_builtin_instrument, questionnaire
from assessment.models import Answer, Campaign, ImportedFile, Item, Response, ResponseDimensionScore
from assessment.responses import services
from assessment.responses.answers import scored
from assessment.responses.importing import ImportRejected, check_file
from assessment.responses.selectors import submitted_answers

from .totals_snapshot import assert_totals_equal_a_rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.instrument(2)]

ROWS = 5_000


def customer_items(campaign: Campaign) -> tuple[Item, ...]:
    return questionnaire(campaign.instrument_id, campaign.group).items


def write_file(path: Path, items: tuple[Item, ...], rows: int, *, bad_last_cell: str | None = None) -> int:
    """Plausible answers to every customers item, complaint questions only after a complaint; returns the
    number of the first likert column (where a bad last cell goes)."""
    rng = random.Random(rows)
    likert_column = next(number for number, item in enumerate(items, start=1) if item.type == Item.Type.LIKERT5)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow([item.code for item in items])
        for row in range(rows):
            complained = rng.random() < 0.3
            cells = []
            for item in items:
                if item.shown_if and not complained:
                    cells.append("")
                elif item.type == Item.Type.LIKERT5:
                    cells.append(rng.choice(["1", "2", "3", "4", "5", "5", "4", "NA", ""]))
                elif item.type == Item.Type.NPS:
                    cells.append(str(rng.randint(0, 10)))
                elif item.code == "CUS.COMPLAINED":
                    cells.append("yes" if complained else "no")
                elif item.type in (Item.Type.SINGLE, Item.Type.MULTI):
                    cells.append(rng.choice(item.choices)["value"])
                else:
                    cells.append(f"Comment {row}, with a comma" if rng.random() < 0.2 else "")
            if bad_last_cell is not None and row == rows - 1:
                cells[likert_column - 1] = bad_last_cell
            writer.writerow(cells)
    return likert_column


def run(assessment_id: int, path: Path) -> str:
    out = io.StringIO()
    call_command("import_responses", "--assessment", str(assessment_id), "--group", "customers", str(path), stdout=out)
    return out.getvalue()


def test_memory_does_not_grow_with_the_number_of_rows(campaign, tmp_path, monkeypatch):
    """Peak Python memory of importing 5,000 rows against 1,000, both after a first import (which loads
    modules and caches): a stream holds one batch whatever the length of the file, while an import that
    reads every row first holds at least an object per row (the earlier one: 45 Answers a row, 3.1 GB
    for 100,000 rows)."""
    monkeypatch.setattr(services, "IMPORT_BATCH", 500)
    items = customer_items(campaign)
    peaks = {}
    for rows in (100, 1_000, ROWS):
        path = tmp_path / f"customers-{rows}.csv"
        write_file(path, items, rows)
        tracemalloc.start()
        try:
            run(campaign.assessment_id, path)
            peaks[rows] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    growth = peaks[ROWS] - peaks[1_000]
    print(f"peak Python memory: {peaks[1_000] / 2**20:.1f} MB at 1,000 rows, {peaks[ROWS] / 2**20:.1f} MB at {ROWS:,}")
    assert Response.objects.filter(campaign=campaign).count() == 100 + 1_000 + ROWS
    # 4,000 more rows: under 250 bytes each, less than one Response or Answer instance a row would take.
    assert growth < 4_000 * 250


def test_a_file_of_several_batches_counts_as_its_responses_one_by_one(campaign, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH", 1_000)
    rows = 2_500
    path = tmp_path / "customers.csv"
    write_file(path, customer_items(campaign), rows)

    assert f"Imported {rows} customers responses" in run(campaign.assessment_id, path)

    assert ImportedFile.objects.get().rows == rows
    assert_totals_equal_a_rebuild(campaign)
    items = customer_items(campaign)
    stored = {
        (response_id, dimension_id): score
        for response_id, dimension_id, score in ResponseDimensionScore.objects.values_list(
            "response_id", "dimension_id", "score"
        )
    }
    expected = {
        (response.pk, dimension_id): score
        for response, answers in submitted_answers(Response.objects.filter(campaign=campaign))
        for dimension_id, score in scored(items, answers).scores.items()
    }
    assert stored == expected
    assert len(stored) > rows
    # Complaint questions were answered after a complaint only: some responses have them, some don't.
    complaint_answers = Answer.objects.filter(item__shown_if__isnull=False)
    assert 0 < complaint_answers.values("response").distinct().count() < rows


def test_a_bad_cell_in_the_last_row_stores_nothing(assessment, tmp_path):
    path = tmp_path / "customers.csv"
    column = write_file(path, customer_items_of_a_new_campaign(assessment), ROWS, bad_last_cell="6")

    with pytest.raises(CommandError) as refused:
        run(assessment.pk, path)

    assert f"row {ROWS + 1}, column {column}" in str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not ImportedFile.objects.exists()
    assert not Campaign.objects.filter(assessment=assessment).exists()


def test_a_file_changed_between_its_check_and_its_storing_stores_nothing(campaign, tmp_path):
    path = tmp_path / "customers.csv"
    items = customer_items(campaign)
    write_file(path, items, 1_000)
    checked = check_file(path, group="customers", items=items, all_items=items)
    write_file(path, items, 1_000, bad_last_cell="six")

    with pytest.raises(ImportRejected, match="row 1001"):
        services.import_file(campaign=campaign, checked=checked)

    assert not Response.objects.exists()
    assert not ImportedFile.objects.exists()


def test_without_copy_as_on_sqlite_the_same_rows_are_stored(campaign, tmp_path, monkeypatch):
    path = tmp_path / "customers.csv"
    write_file(path, customer_items(campaign), 300)
    monkeypatch.setattr(connection, "vendor", "sqlite")

    assert "Imported 300" in run(campaign.assessment_id, path)

    monkeypatch.undo()
    assert Response.objects.filter(campaign=campaign).count() == 300
    assert Answer.objects.filter(choices__contains=["yes"]).exists()
    assert_totals_equal_a_rebuild(campaign)


def customer_items_of_a_new_campaign(assessment) -> tuple[Item, ...]:
    """The items an import into the assessment will use, without creating its campaign beforehand."""
    return questionnaire(latest_builtin_instrument().pk, "customers").items
