from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..assessments.access import get_assessment
from ..assessments.forms import ScoringSettingsForm
from ..organisations.access import Need
from .charts import charts
from .report import report as report_of


@login_required
def report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = get_assessment(request.user, assessment_id)
    data = report_of(assessment, access)
    context = {
        "report": data,
        "charts": charts(data),
        "access": access,
        "settings_form": ScoringSettingsForm(instance=assessment) if access.may(Need.CONSULT) else None,
    }
    return render(request, "results/report.html", context)
