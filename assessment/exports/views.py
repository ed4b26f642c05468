from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_GET

from ..assessments.access import get_assessment
from ..organisations.access import Need
from .downloads import download, filename
from .selectors import response_table, result_table


@login_required
@require_GET
def export_responses(request: HttpRequest, assessment_id: int, fmt: str) -> HttpResponseBase:
    assessment, access = get_assessment(request.user, assessment_id, need=Need.VIEW)
    table = response_table(assessment, access)
    return download(table, fmt=fmt, name=filename(assessment, "responses", fmt), sheet="Responses")


@login_required
@require_GET
def export_results(request: HttpRequest, assessment_id: int, fmt: str) -> HttpResponseBase:
    """?published=1: the latest published result instead of the live one."""
    assessment, access = get_assessment(request.user, assessment_id, need=Need.VIEW)
    published = request.GET.get("published") == "1"
    table = result_table(assessment, access, published=published)
    name = filename(assessment, "published-results" if published else "results", fmt)
    return download(table, fmt=fmt, name=name, sheet="Results")
