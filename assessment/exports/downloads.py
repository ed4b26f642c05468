"""An export as an HTTP download: CSV streamed as it is written, XLSX written to a temporary file then streamed."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from ..assessments.models import Assessment
from .formats import Table, csv_pieces, write_xlsx

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(assessment: Assessment, what: str, fmt: str) -> str:
    """From the organisation and the title, in ASCII (slugify drops what it cannot transliterate, so an
    Arabic name falls back to the assessment's id)."""
    slug = slugify(f"{assessment.organisation.name} {assessment.title}")[:80].strip("-")
    return f"{slug or f'assessment-{assessment.pk}'}-{what}.{fmt}"


def download(table: Table, *, fmt: str, name: str, sheet: str) -> HttpResponseBase:
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(csv_pieces(table), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = content_disposition_header(True, name)
    else:
        # An XLSX file is a zip whose directory comes last, so it cannot be sent before it is complete;
        # the temporary file keeps memory flat and is deleted when FileResponse closes it.
        file = tempfile.TemporaryFile()  # noqa: SIM115
        write_xlsx(table, file, sheet=sheet)
        file.seek(0)
        response = FileResponse(file, as_attachment=True, filename=name, content_type=CONTENT_TYPES["xlsx"])
    # Raw answers and results are personal or confidential: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
