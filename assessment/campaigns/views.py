from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..assessments.access import get_assessment
from ..assessments.selectors import assessment_page
from ..organisations.access import Need, signed_in_user
from . import services
from .access import get_campaign
from .forms import CampaignForm
from .page import campaign_page_context


@login_required
@require_POST
def campaign_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = get_assessment(request.user, assessment_id)
    page = assessment_page(assessment, access, signed_in_user(request))
    form = CampaignForm(request.POST, groups=page.groups_without_campaign)
    if form.is_valid():
        try:
            campaign = services.create_campaign(assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Campaign for {campaign.get_group_display().lower()} created.")
            return redirect("campaign", campaign.pk)
    return render(request, "assessments/assessment.html", {"page": page, "campaign_form": form}, status=400)


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = get_campaign(request.user, campaign_id)
    return render(request, "campaigns/campaign.html", campaign_page_context(request, campaign, access))


@login_required
def campaign_close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Asks first (GET), then closes (POST): closing stops every link of the campaign."""
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    if request.method != "POST":
        return render(request, "campaigns/close.html", {"campaign": campaign})
    services.close_campaign(campaign=campaign)
    messages.success(request, "The campaign is closed: its links now say so. You can reopen it below.")
    return redirect("campaign", campaign.pk)


@login_required
@require_POST
def campaign_reopen(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    services.reopen_campaign(campaign=campaign)
    messages.success(request, "The campaign is open again: its links work.")
    return redirect("campaign", campaign.pk)
