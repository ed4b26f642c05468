from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..assessments.access import get_assessment
from ..assessments.selectors import assessment_page
from ..organisations.access import Need, signed_in_user
from . import services
from .access import get_campaign
from .forms import CampaignForm
from .page import campaign_page_context, share_url


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
            messages.success(
                request, gettext("Campaign for %(group)s created.") % {"group": campaign.get_group_display().lower()}
            )
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
    messages.success(request, gettext("The campaign is closed: its links now say so. You can reopen it below."))
    return redirect("campaign", campaign.pk)


@login_required
@require_POST
def campaign_reopen(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    services.reopen_campaign(campaign=campaign)
    messages.success(request, gettext("The campaign is open again: its links work."))
    return redirect("campaign", campaign.pk)


@login_required
def campaign_qr(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The shareable link as a QR code (SVG), to print on a receipt or a poster at the counter."""
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    url = share_url(request, campaign)
    if url is None:
        raise Http404("The management self-assessment has no shareable link.")
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=2, title=f"{campaign} survey link")
    reply = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    reply["Content-Disposition"] = f'attachment; filename="survey-{campaign.group}-{campaign.pk}.svg"'
    return reply
