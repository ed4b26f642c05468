from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..campaigns.access import get_campaign
from ..campaigns.page import campaign_page_context
from ..campaigns.selectors import campaign_progress
from ..organisations.access import Need
from . import services
from .forms import InvitationsForm


@login_required
@require_POST
def invitations_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    form = InvitationsForm(request.POST)
    if not form.is_valid():
        context = campaign_page_context(request, campaign_progress(campaign), access, form)
        return render(request, "campaigns/campaign.html", context, status=400)
    created, existing = services.create_invitations(campaign=campaign, emails=form.cleaned_data["emails"])
    links = [(email, request.build_absolute_uri(reverse("respond", args=[token]))) for email, token in created]
    return render(
        request, "invitations/invitation_links.html", {"campaign": campaign, "links": links, "existing": existing}
    )
