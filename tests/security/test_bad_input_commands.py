"""Every management command under the bad-input corpus (issue 11): a bad argument or file ends in a
CommandError that says what is wrong, never a traceback; what is stored comes out of the exports harmless.

Arguments are strings as a shell hands them over: bytes that are not UTF-8 arrive as Python's
surrogate escapes, and a NUL cannot be in an argument at all (it ends a C string), so NUL is tried
in files only. Run with -s to read the counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from assessment.campaigns.services import campaign_for_group
from assessment.instruments.selectors import questionnaire
from assessment.models import Item

from .bad_inputs import FORMULAS, MARKUP, MARKUP_SIGNS, NUMERIC, TEXT, Tally, describe, response_files

pytestmark = pytest.mark.django_db
TOTAL = Tally()
# What a shell can hand a command: no NUL, and bytes as surrogate escapes.
ARGUMENTS = [
    value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
    for value in TEXT
    if not (isinstance(value, str) and "\x00" in value)
]
NUMBER_ARGUMENTS = [a.decode("utf-8", "surrogateescape") if isinstance(a, bytes) else a for a in NUMERIC]
NUMBER_ARGUMENTS = [a for a in NUMBER_ARGUMENTS if "\x00" not in a]


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    print(f"\n{TOTAL.line('bad-input corpus, commands (all tests)')}")


def run(tally: Tally, *args: str) -> str | None:
    """The command's output, or None when it refused with a CommandError; anything else is a failure."""
    tally.tried += 1
    out, err = io.StringIO(), io.StringIO()
    try:
        with transaction.atomic():
            call_command(*args, stdout=out, stderr=err)
    except CommandError:
        return None
    except Exception as error:
        shown = " ".join(describe(a) for a in args)
        tally.server_errors.append(f"{shown}: {type(error).__name__}: {str(error)[:200]}")
        return None
    return out.getvalue()


def verdict(tally: Tally, label: str) -> None:
    TOTAL.add(tally)
    print(f"\n{tally.line(label)}")
    assert not tally.server_errors and not tally.unsafe, tally.report(label)


def test_organisation_and_assessment_commands(organisation):
    tally = Tally()
    for n, value in enumerate(ARGUMENTS):
        run(tally, "create_organisation", value)
        run(tally, "create_organisation", f"Client {n}", "--consultancy", value)
        run(tally, "create_organisation", f"Other {n}", "--language", value)
        run(tally, "create_assessment", "--org", value, "--title", "2027 Q1")
        run(tally, "create_assessment", "--org", organisation.name, "--title", value)
    run(tally, "seed_demo", "--unknown", ARGUMENTS[0])
    verdict(tally, "create_organisation, create_assessment, seed_demo")


def test_export_and_verify_commands(assessment, tmp_path):
    tally = Tally()
    for value in NUMBER_ARGUMENTS:
        for command in ("export_results", "verify_totals"):
            run(tally, command, "--assessment", value)
        run(tally, "export_responses", "--assessment", value, "--format", "csv", "--output", str(tmp_path / "a.csv"))
        run(tally, "export_instrument", "--instrument-version", value)
        run(tally, "render_report", "--assessment", value, "--output", str(tmp_path / "r.pdf"))
        run(tally, "render_report", "--assessment", str(assessment.pk), "--published", value, "--output", "r.pdf")
    for value in ARGUMENTS:
        run(tally, "export_results", "--assessment", str(assessment.pk), "--format", value)
        run(tally, "export_instrument", "--language", value)
        run(tally, "export_instrument", "--group", value)
        run(tally, "render_report", "--assessment", str(assessment.pk), "--language", value, "--output", "r.pdf")
    outputs = [
        tmp_path / "no-such-folder" / "x.csv",
        tmp_path,
        Path("/proc/version"),
        tmp_path / "a" / ".." / ".." / "escaped.csv",
        tmp_path / '"><img src=x onerror=alert(1)>.csv',
        tmp_path / "\u202evsc.exe",
    ]
    for output in outputs:
        # An XLSX half written to /proc leaves xlsxwriter's zip file to be closed by the garbage collector.
        for fmt in ("csv",) if output.is_relative_to("/proc") else ("csv", "xlsx"):
            args = ("--assessment", str(assessment.pk), "--format", fmt, "--output", str(output))
            run(tally, "export_responses", *args)
    workbook = tmp_path / "fine.xlsx"
    assert run(
        tally, "export_responses", "--assessment", str(assessment.pk), "--format", "xlsx", "--output", str(workbook)
    )
    assert load_workbook(workbook).worksheets[0].title == "Responses"
    verdict(tally, "export_results, export_responses, export_instrument, verify_totals, render_report")


def _header_and_row(campaign) -> tuple[list[Item], str, str]:
    items = list(questionnaire(campaign.instrument_id, campaign.group).items)
    cells = []
    for item in items:
        if item.type in (Item.Type.SINGLE, Item.Type.MULTI):
            cells.append(item.choices[0]["value"])
        else:
            cells.append({Item.Type.LIKERT5: "4", Item.Type.NPS: "9"}.get(item.type, "Fine"))
    return items, ",".join(item.code for item in items), ",".join(cells)


def test_import_responses_with_bad_files_and_arguments(assessment, tmp_path):
    tally = Tally()
    campaign = campaign_for_group(assessment=assessment, group="customers")
    _, header, row = _header_and_row(campaign)
    base = ("import_responses", "--assessment", str(assessment.pk), "--group", "customers")
    for name, content in response_files(header, row):
        # A name with slashes is a path that climbs out of folders and lands on a file that exists.
        path = tmp_path / "a" / "b" / name
        path.resolve().parent.mkdir(parents=True, exist_ok=True)
        path.resolve().write_bytes(content)
        run(tally, *base, str(path))
    for path in ("/etc/passwd", "/dev/null", str(tmp_path), str(tmp_path / "missing.csv"), "/proc/self/environ"):
        run(tally, *base, path)
    good = tmp_path / "good.csv"
    good.write_text(f"{header}\n{row}\n")
    for value in NUMBER_ARGUMENTS:
        run(tally, "import_responses", "--assessment", value, "--group", "customers", str(good))
    for value in ARGUMENTS[:12]:
        run(tally, "import_responses", "--assessment", str(assessment.pk), "--group", value, str(good))
    verdict(tally, "import_responses")


def test_imported_formulas_and_markup_come_out_as_text(client, manager, assessment, tmp_path):
    """Stored harmlessly: a text answer that looks like a formula is exported as text, not run by a spreadsheet,
    and one with markup is escaped among the report's comments."""
    tally = Tally()
    campaign = campaign_for_group(assessment=assessment, group="customers")
    items, header, row = _header_and_row(campaign)
    text_column = next(n for n, item in enumerate(items) if item.type == Item.Type.TEXT)
    lines = [header]
    for formula in [*FORMULAS, *MARKUP, "\u202egpj.exe", "😀", "' OR 1=1 --"]:
        cells = next(csv.reader([row]))
        cells[text_column] = formula
        buffer = io.StringIO()
        csv.writer(buffer).writerow(cells)
        lines.append(buffer.getvalue().strip())
    source = tmp_path / "formulas.csv"
    source.write_text("\n".join(lines) + "\n")
    assert run(tally, "import_responses", "--assessment", str(assessment.pk), "--group", "customers", str(source))
    output = tmp_path / "out.csv"
    run(tally, "export_responses", "--assessment", str(assessment.pk), "--format", "csv", "--output", str(output))
    exported = list(csv.reader(output.read_text(encoding="utf-8").splitlines()))
    answers = [cells[exported[0].index(items[text_column].code)] for cells in exported[1:]]
    assert len(answers) == 11, exported[:2]
    tally.unsafe += [f"export_responses: {cell!r} reads as a formula" for cell in answers if cell[:1] in "=+-@"]
    client.force_login(manager)
    tally.tried += 1
    page = client.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "gpj.exe" in page  # the comments are on the page
    tally.unsafe += [f"report: {sign!r} unescaped" for sign in MARKUP_SIGNS if sign in page]
    verdict(tally, "formulas and markup through import, export and the report")
