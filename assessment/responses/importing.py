"""Reading paper or third-party survey data (PRODUCT.md section 7, import_responses).

The whole file is checked before anything is stored, and every bad cell is reported with its row
and column number, so a consultant fixes the file in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from ..instruments.models import Item


@dataclass(frozen=True)
class CellError:
    row: int  # 1-based line number in the file, the header being row 1
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    def __init__(self, errors: Sequence[CellError | str]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


MAX_REPORTED_ERRORS = 200
MB = 1024 * 1024


def parse_responses(
    raw: bytes, *, group: str, items: Sequence[Item], all_items: Sequence[Item]
) -> list[dict[Item, Any]]:
    """Rows of {item: value} for store_imported_responses; raises ImportRejected listing every bad cell.

    `items` are those asked of `group`; `all_items` the whole instrument, to tell an item of another
    group from an unknown column.
    """
    if (too_large := size_error(len(raw))) is not None:
        raise ImportRejected([too_large])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [f"The file is not UTF-8 text (byte {error.start + 1} is not valid). Save it as “CSV UTF-8”."]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportRejected([CellError(line, 0, "contains a NUL character: the file is not plain CSV text")])
    lines = _read_rows(text)
    while lines and not any(cell.strip() for cell in lines[-1]):
        lines.pop()
    if not lines:
        raise ImportRejected(["The file is empty: expected a header row of item codes and one row per respondent."])
    header, body = lines[0], lines[1:]
    if not body:
        raise ImportRejected(["The file has a header row but no respondents."])

    by_code = {item.code: item for item in items}
    elsewhere = {item.code: item.audience for item in all_items}
    errors: list[CellError] = []
    columns: list[Item | None] = []
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        code = name.strip()
        item = by_code.get(code)
        if code in seen:
            errors.append(CellError(1, number, f"column “{code}” appears twice"))
        elif item is None and code in elsewhere:
            errors.append(CellError(1, number, f"item “{code}” is asked of {elsewhere[code]}, not {group}"))
        elif item is None:
            errors.append(CellError(1, number, f"unknown column “{code}”: not an item code of this questionnaire"))
        seen.add(code)
        columns.append(item)

    rows: list[dict[Item, Any]] = []
    for row_number, cells in enumerate(body, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            errors.append(
                CellError(row_number, len(header) + 1, f"{len(cells)} cells but the header has {len(header)} columns")
            )
        row: dict[Item, Any] = {}
        for column_number, (item, cell) in enumerate(zip(columns, cells, strict=False), start=1):
            if item is None:
                continue
            try:
                row[item] = parse_cell(item, cell.strip())
            except ValueError as error:
                errors.append(CellError(row_number, column_number, f"{item.code}: {error}"))
        rows.append(row)
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    if errors:
        raise ImportRejected(errors)
    return rows


def _read_rows(text: str) -> list[list[str]]:
    """Every row, or a clear refusal: read leniently, a quote left open would merge the rows after it into
    one cell, and a cell over the csv module's size limit would end in its own error."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportRejected(
            [CellError(reader.line_num, 0, f"the CSV cannot be read here ({error}); check for a quote left open")]
        ) from None
    return rows


def size_error(size: int) -> str | None:
    if size <= settings.IMPORT_MAX_BYTES:
        return None
    limit = settings.IMPORT_MAX_BYTES
    if limit >= MB:
        return f"The file is {size / MB:.1f} MB; the limit is {limit / MB:g} MB."
    return f"The file is {size} bytes; the limit is {limit} bytes."


def parse_cell(item: Item, cell: str) -> Any:
    """The form-style value of one cell; ValueError says what is wrong."""
    if cell == "":
        return None
    if item.type == Item.Type.LIKERT5:
        if cell.upper() == "NA":
            return "na"
        return str(_whole_number(cell, 1, 5, "1 to 5, NA or blank"))
    if item.type == Item.Type.NPS:
        return str(_whole_number(cell, 0, 10, "0 to 10 or blank"))
    allowed = [c["value"] for c in item.choices]
    if item.type == Item.Type.SINGLE:
        if cell not in allowed:
            raise ValueError(f"“{cell}” is not one of {', '.join(allowed)}")
        return cell
    if item.type == Item.Type.MULTI:
        values = [v.strip() for v in cell.split(";") if v.strip()]
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValueError(f"“{', '.join(bad)}” not among {', '.join(allowed)} (separate several with ;)")
        return values
    return cell


def _whole_number(cell: str, low: int, high: int, expected: str) -> int:
    if not (cell.isascii() and cell.isdigit()):
        raise ValueError(f"“{cell}” is not a number (whole numbers only); expected {expected}")
    number = int(cell)
    if not low <= number <= high:
        raise ValueError(f"{number} is out of range; expected {expected}")
    return number
