"""Reading an uploaded recipient list (CSV or XLSX) into checked rows, with an error per row that is refused.

Nothing is stored here: the view keeps the good rows for the preview, and only the user's confirmation stores
them (services.store_recipients).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, gettext_lazy

MAX_ROWS = 50_000
MAX_BYTES = 50 * 1024 * 1024
MAX_ERRORS_SHOWN = 200
COLUMNS = ("email", "name", "language", "segment")
MAX_LENGTH = {"email": 254, "name": 200, "language": 8, "segment": 100}
ALIASES = {"e-mail": "email", "email address": "email", "e-mail address": "email", "mail": "email"}
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFile(Exception):
    """A file that cannot be previewed at all; the message says why, in the user's words."""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    language: str = ""
    segment: str = ""


@dataclass
class RecipientList:
    rows: list[Recipient] = field(default_factory=list)
    # (row number as the spreadsheet shows it, message), the header being row 1
    errors: list[tuple[int, str]] = field(default_factory=list)
    refused: int = 0
    ignored_columns: list[str] = field(default_factory=list)


def read_recipients(upload: Any, *, already_invited: set[str]) -> RecipientList:
    """Check every row of an uploaded .csv or .xlsx; raise UnreadableFile for a file with no rows to show."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_BYTES:
        raise UnreadableFile(
            gettext("The file is %(size).1f MB; the limit is %(limit)d MB. Split it into smaller files.")
            % {"size": upload.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if upload.size == 0:
        raise UnreadableFile(gettext("The file is empty."))
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(upload)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _csv_rows(upload)
    else:
        raise UnreadableFile(gettext("Upload a .csv or .xlsx file."))
    return _check(rows, already_invited)


def _check(rows: Iterator[list[str]], already_invited: set[str]) -> RecipientList:
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        raise UnreadableFile(
            gettext("The file is empty: its first row should name the columns (email, name, language, segment).")
        )
    columns = [ALIASES.get(cell.strip().lower(), cell.strip().lower()) for cell in header]
    if "email" not in columns:
        raise UnreadableFile(
            gettext("The first row has no “email” column; it should name the columns, e.g. email,name.")
        )
    result = RecipientList(ignored_columns=[c for c in columns if c and c not in COLUMNS])
    for column in result.ignored_columns:
        result.errors.append(
            (
                1,
                gettext("Unknown column “%(column)s”: it is ignored (known: %(known)s).")
                % {"column": column[:40], "known": ", ".join(COLUMNS)},
            )
        )
    index = {column: columns.index(column) for column in COLUMNS if column in columns}
    seen: dict[str, int] = {}
    languages = {code for code, _ in settings.LANGUAGES}
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise UnreadableFile(
                gettext("The file has more than %(limit)s recipients; the limit is %(limit)s per upload.")
                % {"limit": f"{MAX_ROWS:,}"}
                + " "
                + gettext("Split it into smaller files.")
            )
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: (cells[i].strip() if i < len(cells) else "") for column, i in index.items()}
        problem = _problem(values, seen, already_invited, languages)
        if problem:
            result.refused += 1
            if len(result.errors) < MAX_ERRORS_SHOWN:
                result.errors.append((number, problem))
            continue
        email = values["email"].lower()
        seen[email] = number
        result.rows.append(
            Recipient(email, values.get("name", ""), values.get("language", "").lower(), values.get("segment", ""))
        )
    if not result.rows and not result.refused:
        raise UnreadableFile(gettext("The file has a header but no recipients."))
    return result


def _problem(values: dict[str, str], seen: dict[str, int], already_invited: set[str], languages: set[str]) -> str:
    for column, value in values.items():
        if value.startswith(FORMULA_STARTS):
            return gettext(
                "The %(column)s cell starts with “%(start)s”, like a spreadsheet formula; it is refused."
            ) % {
                "column": column,
                "start": value[0],
            }
        if len(value) > MAX_LENGTH[column]:
            return gettext("The %(column)s is too long (%(length)d characters; at most %(limit)d).") % {
                "column": column,
                "length": len(value),
                "limit": MAX_LENGTH[column],
            }
    email = values["email"].lower()
    if not email:
        return gettext("No e-mail address.")
    try:
        validate_email(email)
    except ValidationError:
        return gettext("“%(email)s” is not a valid e-mail address.") % {"email": values["email"][:60]}
    if email in seen:
        return gettext("%(email)s is already on row %(row)d of this file.") % {"email": email, "row": seen[email]}
    if email in already_invited:
        return gettext("%(email)s is already invited to this campaign.") % {"email": email}
    language = values.get("language", "").lower()
    if language and language not in languages:
        return gettext("Unknown language “%(language)s” (known: %(known)s).") % {
            "language": language,
            "known": ", ".join(sorted(languages)),
        }
    return ""


def _csv_rows(upload: Any) -> Iterator[list[str]]:
    """Rows of a UTF-8 CSV (with or without a byte-order mark), comma, semicolon or tab separated."""
    raw: IO[bytes] = upload.open("rb") if hasattr(upload, "open") else upload
    raw.seek(0)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    try:
        sample = text.read(64 * 1024)
    except UnicodeDecodeError:
        raise UnreadableFile(_NOT_UTF8) from None
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _decoded(csv.reader(_chain(sample, text), dialect))


_NOT_UTF8 = gettext_lazy(
    "The file is not UTF-8 text. In Excel choose “Save as… CSV UTF-8”, or upload the .xlsx file itself."
)


def _chain(sample: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield from io.StringIO(sample + rest.readline())
    yield from rest


def _decoded(reader: Iterable[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError:
        raise UnreadableFile(_NOT_UTF8) from None
    except csv.Error as error:
        raise UnreadableFile(gettext("The CSV file cannot be read: %(error)s.") % {"error": error}) from None


def _xlsx_rows(upload: Any) -> Iterator[list[str]]:
    """Rows of the first sheet, every cell as text. Formulas come as their text (data_only=False), so a
    formula cell is refused like one in a CSV instead of being silently replaced by its last value."""
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile(gettext("The file is not a readable .xlsx workbook.")) from None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield ["" if cell is None else _text(cell) for cell in row]
    except Exception:
        # A damaged workbook can fail deep inside openpyxl's XML parsing in many ways; all mean the same.
        raise UnreadableFile(
            gettext("The workbook cannot be read; save it again from your spreadsheet program.")
        ) from None
    finally:
        workbook.close()


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
