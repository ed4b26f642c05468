"""The two file formats of an export, CSV and XLSX, both written row by row so memory stays flat.

Every text cell is made safe to open in a spreadsheet (OWASP, CSV injection): one starting with = + - @, or
with a tab or carriage return (some spreadsheets skip those before reading a formula), gets a leading single
quote, so it is shown as text and never evaluated. Numbers are written as numbers: a number cell is never a
formula, and prefixing a negative gap would turn it into text.

XLSX is written by XlsxWriter in constant_memory mode: each row goes to a temporary file as soon as the next
one starts. It is faster than openpyxl's write-only mode without lxml (a compiled dependency we do not
have), and its write_string never turns a string into a formula, so the escaping is not the only guard.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import xlsxwriter

Cell = str | int | float | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows are sent in pieces of about this many characters: one piece per row would cost a WSGI write each.
CSV_PIECE = 64 * 1024
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; import_responses accepts it.
BOM = "\ufeff"
XLSX_OPTIONS = {
    "constant_memory": True,
    # Belt and braces: XlsxWriter's write() would otherwise read "=..." as a formula and "+1" as a number.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def escape(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


@dataclass(frozen=True)
class Table:
    """An export's columns and its rows, read once and lazily (None is an empty cell)."""

    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    # Shown above the header in XLSX only, so that the CSV stays strictly tabular.
    note: str = ""


def csv_pieces(table: Table) -> Iterator[str]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([escape(name) for name in table.header])
    for row in table.rows:
        writer.writerow([escape(cell) if isinstance(cell, str) else cell for cell in row])
        if buffer.tell() >= CSV_PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(table: Table, target: str | BinaryIO, *, sheet: str) -> None:
    """Write the table as one sheet to a path or a binary file."""
    workbook = xlsxwriter.Workbook(target, XLSX_OPTIONS)
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True})
    number = 0
    if table.note:
        worksheet.write_string(0, 0, escape(table.note), bold)
        number = 1
    for column, name in enumerate(table.header):
        worksheet.write_string(number, column, escape(name), bold)
    worksheet.freeze_panes(number + 1, 0)
    write_string, write_number = worksheet.write_string, worksheet.write_number
    for row in table.rows:
        number += 1
        for column, cell in enumerate(row):
            # Empty cells are not written at all: a response fills only its own group's columns.
            if cell is None or cell == "":
                continue
            if isinstance(cell, str):
                write_string(number, column, escape(cell))
            else:
                write_number(number, column, cell)
    workbook.close()
