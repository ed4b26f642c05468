"""The branded PDF of a published report (PRODUCT.md section 6, issue 12).

The print template is rendered to HTML with its static files read from disk, opened in headless Chromium
(which shapes Arabic and lays it out right to left), its charts drawn by plotly as SVG so that they print
as vector graphics, and printed to A4 with a running header and page numbers.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import PdfMargins, sync_playwright

from ..groups import Group
from ..organisations.access import Access
from ..organisations.models import Consultancy, Organisation, Role
from .charts import Chart, charts
from .files import organisation_dir, write_atomically
from .models import PublishedResult
from .report import Report
from .report import report as report_of
from .rows import group_label
from .tasks import render_report_pdf

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MARGINS: PdfMargins = {"top": "17mm", "bottom": "15mm", "left": "14mm", "right": "14mm"}
# A4 less the side margins in CSS pixels (96 an inch): the charts are drawn at the width they print at.
CONTENT_WIDTH = round((210 - 28) / 25.4 * 96)
CHARTS_TIMEOUT_MS = 60_000
# A build that has not finished in this time is taken as lost (a worker killed): the page offers it again.
STATE_SECONDS = 15 * 60
# Bumped when the PDF's layout changes, so that files built before are built again.
LAYOUT = 1
ASSETS = {"css": "css/print.css", "plotly": "vendor/plotly/plotly-report.min.js", "charts": "js/print-charts.js"}
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}


class PdfFailed(Exception):
    """Chromium could not draw or print the report."""


@dataclass(frozen=True)
class ReportPdf:
    """A published report in one language as its current commentary, targets, actions and brand make it:
    `edition` digests those, so a change makes a new file and the old one is never handed out."""

    published: PublishedResult
    language: str
    edition: str

    @classmethod
    def of(cls, published: PublishedResult, language: str) -> ReportPdf:
        return cls(published, language, _edition(published, language))

    @property
    def _stem(self) -> str:
        return f"assessment-{self.published.assessment_id}-report-{self.published.number}-{self.language}"

    @property
    def path(self) -> Path:
        organisation_id = self.published.assessment.organisation_id
        return organisation_dir(organisation_id) / f"{self._stem}-{self.edition}.pdf"

    @property
    def filename(self) -> str:
        assessment = self.published.assessment
        return f"{assessment.organisation.name} – {assessment.title} – report {self.published.number}.pdf"

    @property
    def _key(self) -> str:
        return f"report-pdf:{self.published.pk}:{self.language}:{self.edition}"

    def state(self) -> dict[str, Any]:
        """status: none, queued, rendering, ready or failed; percent; done once nothing is under way."""
        if self.path.exists():
            return {"status": "ready", "percent": 100, "done": True}
        return cache.get(self._key) or {"status": "none", "percent": 0, "done": True}

    def progress(self, status: str, percent: int) -> None:
        cache.set(self._key, {"status": status, "percent": percent, "done": status == "failed"}, STATE_SECONDS)

    def finished(self) -> None:
        """The file is the sign of a finished build: a file removed later is never taken as ready."""
        cache.delete(self._key)

    def remove_older_editions(self) -> None:
        for older in self.path.parent.glob(f"{self._stem}-*.pdf"):
            if older != self.path:
                older.unlink(missing_ok=True)


def _edition(published: PublishedResult, language: str) -> str:
    assessment = published.assessment
    organisation = assessment.organisation
    consultancy = organisation.consultancy
    parts: list[object] = [
        LAYOUT,
        published.pk,
        language,
        organisation.name,
        assessment.title,
        list(published.commentary.order_by("pk").values_list("dimension_id", "text")),
        list(assessment.targets.order_by("pk").values_list("dimension_id", "score")),
        list(assessment.actions.order_by("pk").values_list("title", "owner", "status", "due_date")),
    ]
    if consultancy is not None:
        parts += [consultancy.name, consultancy.brand_colour, consultancy.accent_colour, consultancy.logo.name]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def start_pdf(*, published: PublishedResult, language: str) -> ReportPdf:
    """Queue the build after the request's commit, unless the file is there or a build is under way."""
    pdf = ReportPdf.of(published, language)
    if pdf.state()["status"] in ("none", "failed"):
        pdf.progress("queued", 0)
        # robust: in the demo the task runs in process, and a failed build must not fail the request.
        transaction.on_commit(lambda: render_report_pdf.delay(published.pk, language), robust=True)
    return pdf


def build_pdf(*, published_id: int, language: str) -> Path:
    """Write the PDF under MEDIA_ROOT/reports/<organisation id>/ unless it is there already (safe to run twice)."""
    published = PublishedResult.objects.select_related("assessment__organisation__consultancy").get(pk=published_id)
    pdf = ReportPdf.of(published, language)
    if pdf.path.exists():
        return pdf.path
    pdf.progress("rendering", 10)
    try:
        html, header, footer = print_html(published, language)
        pdf.progress("rendering", 30)
        content = html_to_pdf(html, header=header, footer=footer, progress=lambda p: pdf.progress("rendering", p))
    except Exception:
        pdf.progress("failed", 0)
        raise
    write_atomically(pdf.path, content)
    pdf.remove_older_editions()
    pdf.finished()
    return pdf.path


def render_pdf(published: PublishedResult, language: str) -> bytes:
    """The PDF's bytes, built now (the command's way: no file kept, no cache)."""
    html, header, footer = print_html(published, language)
    return html_to_pdf(html, header=header, footer=footer)


def print_html(published: PublishedResult, language: str) -> tuple[str, str, str]:
    """The print page, and the running header and footer Chromium prints in every page's margins."""
    assessment = published.assessment
    organisation = assessment.organisation
    # The client's report: what the organisation's managers see, without the consultant's own benchmark.
    access = Access(organisation, Role.MANAGER)
    with translation.override(language):
        data = report_of(assessment, access, published)
        brand = _brand(organisation)
        context = {
            "report": data,
            "charts": _without_repeated_tables(charts(data)),
            "findings": findings(data),
            "samples": sample_sizes(data),
            "brand": brand,
            "assets": {name: _asset(path) for name, path in ASSETS.items()},
        }
        html = render_to_string("results/print.html", context)
        return html, *_margins(data, brand["name"])


def _margins(report: Report, consultancy: str) -> tuple[str, str]:
    direction = "rtl" if translation.get_language_bidi() else "ltr"
    # Chromium prints these apart from the page: they need their own font size and side padding.
    style = "font: 8px 'DejaVu Sans', sans-serif; color: #555; width: 100%; margin: 0 14mm; display: flex; gap: 8px"
    assessment = report.assessment
    left = " · ".join(part for part in (consultancy, assessment.organisation.name, assessment.title) if part)
    label = _("Self-assessed only: management's own view") if report.result.self_assessed_only else ""
    header = format_html(
        '<div dir="{}" style="{}"><span style="flex: 1">{}</span><strong style="color: #b02a37">{}</strong></div>',
        direction,
        style,
        left,
        label,
    )
    number = report.published.number if report.published else ""
    page = mark_safe('<span class="pageNumber"></span>')  # noqa: S308 - Chromium's own placeholders
    pages = mark_safe('<span class="totalPages"></span>')  # noqa: S308
    footer = format_html(
        '<div dir="{}" style="{}"><span style="flex: 1">{}</span><span>{}</span></div>',
        direction,
        style,
        _("Published report #%(number)s") % {"number": number},
        format_html(_("Page {page} of {pages}"), page=page, pages=pages),
    )
    return header, footer


def html_to_pdf(
    html: str, *, header: str, footer: str, progress: Callable[[int], None] = lambda percent: None
) -> bytes:
    """Chromium's print to PDF of the page, once its charts are drawn. No database work happens in here:
    Playwright's event loop runs in this thread while Chromium is open."""
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": CONTENT_WIDTH, "height": 1100})
                page.emulate_media(media="print")
                page.goto(page_file.as_uri(), wait_until="load")
                page.wait_for_function("document.documentElement.dataset.charts", timeout=CHARTS_TIMEOUT_MS)
                if page.evaluate("document.documentElement.dataset.charts") != "drawn":
                    raise PdfFailed("The report's charts could not be drawn.")
                progress(70)
                return page.pdf(
                    format="A4",
                    print_background=True,
                    margin=MARGINS,
                    display_header_footer=True,
                    header_template=header,
                    footer_template=footer,
                )
            finally:
                browser.close()


def _without_repeated_tables(shown: list[Chart]) -> list[tuple[Chart, str]]:
    """Each chart with the title of an earlier chart whose table it repeats (the radar's is the heatmap's),
    so that the PDF prints each table once."""
    pairs = []
    for i, chart in enumerate(shown):
        same = (
            c.title for c in shown[:i] if (c.table_headers, c.table_rows) == (chart.table_headers, chart.table_rows)
        )
        pairs.append((chart, next(same, "") if chart.table_rows else ""))
    return pairs


def findings(report: Report) -> list[str]:
    """The executive summary's three main findings, read from the report's own figures."""
    found = []
    ranked = sorted(report.stakeholder.items(), key=lambda pair: pair[1].value)
    if ranked:
        code, score = ranked[0]
        found.append(_("The weakest dimension is %(name)s: %(score)s.") % _named(report, code, score.long))
    if report.blind_spots:
        row = report.blind_spots[0]
        found.append(
            _("Management rates %(name)s %(gap)s points above what its stakeholders say (%(own)s against %(their)s).")
            % {
                "name": row.name,
                "gap": f"{row.gap.gap:.0f}",
                "own": f"{row.management.value:.0f}",
                "their": f"{row.stakeholder.value:.0f}",
            }
        )
    if report.not_measured:
        names = "; ".join(str(nm) for nm in report.not_measured.values())
        count = len(report.not_measured)
        found.append(
            ngettext(
                "%(count)d dimension is not measured, so no level is awarded on it: %(names)s.",
                "%(count)d dimensions are not measured, so no level is awarded on them: %(names)s.",
                count,
            )
            % {"count": count, "names": names}
        )
    if len(found) < 3 and len(ranked) > 1:
        code, score = ranked[-1]
        found.append(_("The strongest dimension is %(name)s: %(score)s.") % _named(report, code, score.long))
    if len(found) < 3 and report.suppressed:
        found.append(_("Too few responses to be shown: %(groups)s.") % {"groups": ", ".join(report.suppressed)})
    return found[:3]


def _named(report: Report, code: str, score: str) -> dict[str, str]:
    return {"name": report.dimensions.name(code), "score": score}


@dataclass(frozen=True)
class Sample:
    label: str
    n: int | None  # None: the group was not surveyed
    threshold: int
    suppressed: bool


def sample_sizes(report: Report) -> list[Sample]:
    """Every stakeholder group with its number of responses, as the snapshot counted them."""
    samples = []
    for name in Group.values:
        group = report.result.groups.get(name)
        if group is None:
            samples.append(Sample(group_label(name), None, report.assessment.anonymity_threshold, False))
        else:
            samples.append(Sample(group_label(name), group.responses, group.anonymity_threshold, group.suppressed))
    return samples


def _brand(organisation: Organisation) -> dict[str, str]:
    consultancy = organisation.consultancy
    colour, accent = (consultancy.brand_colour, consultancy.accent_colour) if consultancy else ("", "")
    return {
        "name": consultancy.name if consultancy else "",
        # Checked before they go into the page's style sheet: only a plain hex colour gets there.
        "colour": colour if HEX_COLOUR.match(colour) else "#0d6efd",
        "accent": accent if HEX_COLOUR.match(accent) else "#212529",
        "logo": _logo(consultancy),
    }


def _logo(consultancy: Consultancy | None) -> str:
    """The logo as a data URI (the page reads no file outside the static ones); none if it cannot be read."""
    if consultancy is None or not consultancy.logo:
        return ""
    kind = mimetypes.guess_type(consultancy.logo.name or "")[0]
    if kind not in LOGO_TYPES:
        return ""
    try:
        with consultancy.logo.open("rb") as logo:
            data = logo.read()
    except OSError:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _asset(path: str) -> str:
    found = finders.find(path)
    return Path(str(found) if found else Path(settings.STATIC_ROOT) / path).as_uri()
