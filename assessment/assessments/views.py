from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..campaigns.forms import CampaignForm
from ..organisations.access import Need, get_organisation, signed_in_user
from ..organisations.selectors import dashboard
from . import selectors, services
from .access import get_assessment
from .forms import AssessmentForm, ScoringSettingsForm


@login_required
@require_POST
def assessment_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _ = get_organisation(request.user, organisation_id, need=Need.MANAGE)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.create_assessment(
                organisation=organisation, title=form.cleaned_data["title"], created_by=signed_in_user(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Assessment “%(title)s” created.") % {"title": assessment.title})
            return redirect("assessment", assessment.pk)
    context = {"organisations": dashboard(request.user), "bound_form": form, "bound_organisation_id": organisation.pk}
    return render(request, "organisations/dashboard.html", context, status=400)


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = get_assessment(request.user, assessment_id)
    page = selectors.assessment_page(assessment, access, signed_in_user(request))
    form = CampaignForm(
        groups=page.groups_without_campaign, initial={"anonymity_threshold": assessment.anonymity_threshold}
    )
    return render(request, "assessments/assessment.html", {"page": page, "campaign_form": form})


@login_required
def scoring_settings(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The consultant's numbers: the report links here; a mistake comes back here with what was typed."""
    assessment, _ = get_assessment(request.user, assessment_id, need=Need.CONSULT)
    form = ScoringSettingsForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_scoring_settings(assessment=assessment, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Scoring settings saved; the report below uses them."))
            return redirect(reverse("report", args=[assessment.pk]) + "#scoring-settings")
    status = 400 if form.is_bound else 200
    return render(request, "assessments/scoring_settings.html", {"assessment": assessment, "form": form}, status=status)
