"""The PDF of a published report: start a build, follow it, download it. Its readers are the published
report's (every role but HR, whose view is employees only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..assessments.access import get_assessment
from ..audit.models import AuditEvent
from ..audit.services import record_event
from ..organisations.access import Need
from . import selectors
from .pdf import ReportPdf, start_pdf


def _report_pdf(request: HttpRequest, assessment_id: int, number: int) -> ReportPdf:
    """The published report's PDF in its organisation's language (PRODUCT.md section 8)."""
    assessment, access = get_assessment(request.user, assessment_id, need=Need.READ_PUBLISHED)
    published = selectors.published_for(assessment, access, str(number))
    if published is None:
        raise Http404("No such published report.")
    return ReportPdf.of(published, assessment.organisation.language)


def pdf_state(pdf: ReportPdf) -> dict[str, object]:
    """What the report page and the progress poll show: the build's state and where to follow it."""
    published = pdf.published
    args = [published.assessment_id, published.number]
    return pdf.state() | {
        "progress_url": reverse("report_pdf_progress", args=args),
        "download_url": reverse("report_pdf_download", args=args),
    }


@login_required
@require_POST
def report_pdf_start(request: HttpRequest, assessment_id: int, number: int) -> HttpResponse:
    pdf = _report_pdf(request, assessment_id, number)
    start_pdf(published=pdf.published, language=pdf.language)
    return redirect(reverse("report", args=[assessment_id]) + f"?published={number}#pdf")


@login_required
@require_GET
def report_pdf_progress(request: HttpRequest, assessment_id: int, number: int) -> JsonResponse:
    return JsonResponse(pdf_state(_report_pdf(request, assessment_id, number)))


@login_required
@require_GET
def report_pdf_download(request: HttpRequest, assessment_id: int, number: int) -> FileResponse:
    pdf = _report_pdf(request, assessment_id, number)
    try:
        content = pdf.path.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF is not built yet.") from None
    assessment = pdf.published.assessment
    what = f"PDF of {assessment.title} (published #{pdf.published.number})"
    record_event(user=request.user, organisation=assessment.organisation, action=AuditEvent.Action.EXPORTED, what=what)
    return FileResponse(content, as_attachment=True, filename=pdf.filename, content_type="application/pdf")
