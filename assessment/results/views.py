from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..assessments.access import get_assessment
from ..assessments.forms import ScoringSettingsForm
from ..audit.models import AuditEvent
from ..audit.services import record_event
from ..organisations.access import Need, signed_in_user
from . import selectors, services
from .charts import charts
from .forms import CommentaryForm
from .pdf import ReportPdf
from .pdf_views import pdf_state
from .report import report as report_of


@login_required
def report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The live draft, or with ?published=N a published snapshot; a viewer sees published reports only."""
    assessment, access = get_assessment(request.user, assessment_id, need=Need.READ_PUBLISHED)
    published = selectors.published_for(assessment, access, request.GET.get("published"))
    if published is None and not access.may(Need.VIEW):
        return render(request, "results/not_published.html", {"assessment": assessment}, status=404)
    what = f"report of {assessment.title}" + (f" (published #{published.number})" if published else "")
    record_event(user=request.user, organisation=assessment.organisation, action=AuditEvent.Action.VIEWED, what=what)
    # A report is produced in its organisation's language, whoever opens it (PRODUCT.md section 8).
    with translation.override(assessment.organisation.language):
        data = report_of(assessment, access, published)
        context = {
            "report": data,
            "charts": charts(data),
            "access": access,
            "pdf": pdf_state(ReportPdf.of(published, assessment.organisation.language)) if published else None,
            "settings_form": ScoringSettingsForm(instance=assessment) if access.may(Need.CONSULT) else None,
        }
        return render(request, "results/report.html", context)


@login_required
@require_POST
def report_publish(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _ = get_assessment(request.user, assessment_id, need=Need.MANAGE)
    published = services.publish_result(assessment=assessment, published_by=signed_in_user(request))
    what = f"report of {assessment.title} as #{published.number}"
    record_event(user=request.user, organisation=assessment.organisation, action=AuditEvent.Action.PUBLISHED, what=what)
    messages.success(
        request, gettext("Published as report #%(number)d: it will not change any more.") % {"number": published.number}
    )
    return redirect(reverse("report", args=[assessment.pk]) + f"?published={published.number}")


@login_required
@require_POST
def commentary_save(request: HttpRequest, assessment_id: int, number: int) -> HttpResponse:
    assessment, access = get_assessment(request.user, assessment_id, need=Need.CONSULT)
    published = selectors.published_for(assessment, access, str(number))
    if published is None:
        raise Http404("No such published report.")
    back = reverse("report", args=[assessment.pk]) + f"?published={published.number}#commentary"
    form = CommentaryForm(request.POST)
    if not form.is_valid():
        # A NUL character or a text longer than the box allows: said plainly, never a server error.
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        return redirect(back)
    try:
        services.save_commentary(
            published=published,
            dimension_code=form.cleaned_data["dimension"],
            text=form.cleaned_data["text"],
            author=signed_in_user(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Commentary saved."))
    return redirect(back)
