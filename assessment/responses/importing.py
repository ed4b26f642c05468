"""Reading paper or third-party survey data (PRODUCT.md section 7, import_responses).

The whole file is checked before anything is stored, and every bad cell is reported with its row
and column number, so a consultant fixes the file in one pass. The file is read as a stream, twice:
once to check it, once to store it, so memory stays flat however many respondents it holds.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from ..instruments.models import Item
from .answers import Given, given_from_value


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
CHUNK = MB


@dataclass(frozen=True)
class CheckedFile:
    """A file that check_file found good: its respondents are read again, one at a time, by answers()."""

    path: Path
    sha256: str
    respondents: int
    columns: tuple[Column | None, ...]

    def answers(self) -> Iterator[list[Given]]:
        """Each respondent's answers, for store_answers. A file changed since it was checked raises
        ImportRejected here, inside the import's transaction, so nothing of it is stored."""
        with closing(_records(self.path)) as records:
            next(records)  # the header
            for row_number, cells in records:
                errors: list[CellError] = []
                answers = _answers(self.columns, cells, row_number, errors)
                if errors:
                    raise ImportRejected(errors)
                yield answers


def check_file(path: Path, *, group: str, items: Sequence[Item], all_items: Sequence[Item]) -> CheckedFile:
    """The file, checked whole without holding its rows; raises ImportRejected listing every bad cell.

    `items` are those asked of `group`; `all_items` the whole instrument, to tell an item of another
    group from an unknown column."""
    if (too_large := size_error(path.stat().st_size)) is not None:
        raise ImportRejected([too_large])
    errors: list[CellError] = []
    respondents = 0
    with closing(_records(path)) as records:
        first = next(records, None)
        if first is None:
            raise ImportRejected(["The file is empty: expected a header row of item codes and one row per respondent."])
        header = first[1]
        columns = _columns(header, group=group, items=items, all_items=all_items, errors=errors)
        for row_number, cells in records:
            respondents += 1
            _answers(columns, cells, row_number, errors)
            if len(errors) >= MAX_REPORTED_ERRORS:
                break
    if not respondents:
        raise ImportRejected(["The file has a header row but no respondents."])
    if errors:
        raise ImportRejected(errors[:MAX_REPORTED_ERRORS])
    with path.open("rb") as file:
        sha256 = hashlib.file_digest(file, "sha256").hexdigest()
    return CheckedFile(path, sha256, respondents, columns)


def _columns(
    header: list[str], *, group: str, items: Sequence[Item], all_items: Sequence[Item], errors: list[CellError]
) -> tuple[Column | None, ...]:
    by_code = {item.code: item for item in items}
    elsewhere = {item.code: item.audience for item in all_items}
    columns: list[Column | None] = []
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
        columns.append(None if item is None else Column(item))
    return tuple(columns)


class Column:
    """A column's item, with the cells of a closed question already read: a file repeats a few of them
    millions of times."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self.known: dict[str, Given | None] | None = None if item.type in (Item.Type.TEXT, Item.Type.MULTI) else {}

    def answer(self, cell: str) -> Given | None:
        """The answer in a cell, None for a blank one; ValueError says what is wrong with it."""
        if self.known is None:
            return given_from_value(self.item, parse_cell(self.item, cell.strip()))
        if cell not in self.known:
            self.known[cell] = given_from_value(self.item, parse_cell(self.item, cell.strip()))
        return self.known[cell]


def _answers(
    columns: Sequence[Column | None], cells: list[str], row_number: int, errors: list[CellError]
) -> list[Given]:
    if len(cells) > len(columns):
        errors.append(
            CellError(row_number, len(columns) + 1, f"{len(cells)} cells but the header has {len(columns)} columns")
        )
    answers: list[Given] = []
    for column_number, (column, cell) in enumerate(zip(columns, cells, strict=False), start=1):
        if column is None:
            continue
        try:
            answer = column.answer(cell)
        except ValueError as error:
            errors.append(CellError(row_number, column_number, f"{column.item.code}: {error}"))
            continue
        if answer is not None:
            answers.append(answer)
    return answers


def _records(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cells) of every row with something in it, the header first, read as a stream; or a clear
    refusal: read leniently, a quote left open would merge the rows after it into one cell, and a cell over
    the csv module's size limit, a NUL or a byte that is not UTF-8 would end in a traceback."""
    with path.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(_without_nul(text), strict=True)
        try:
            for number, cells in enumerate(reader, start=1):
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except csv.Error as error:
            raise ImportRejected(
                [CellError(reader.line_num, 0, f"the CSV cannot be read here ({error}); check for a quote left open")]
            ) from None
        except UnicodeDecodeError:
            raise ImportRejected(
                [f"The file is not UTF-8 text (byte {_first_bad_byte(path)} is not valid). Save it as “CSV UTF-8”."]
            ) from None


def _without_nul(lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise ImportRejected([CellError(number, 0, "contains a NUL character: the file is not plain CSV text")])
        yield line


def _first_bad_byte(path: Path) -> int:
    """The 1-based position of the first byte that is not UTF-8, read in chunks as the text was."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return done - pending + error.start + 1
            done += len(chunk)
    return done


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
