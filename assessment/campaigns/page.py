"""The campaign page's context, shared by the campaign page and the invitation form that re-renders it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ..groups import Group
from ..invitations.forms import InvitationsForm
from ..organisations.access import Access, Need
from ..tokens import share_signature
from .models import Campaign
from .selectors import CampaignProgress


def share_url(request: HttpRequest, campaign: Campaign) -> str | None:
    """The campaign's shareable link; the management self-assessment has none (managers answer logged in)."""
    if campaign.group == Group.MANAGEMENT:
        return None
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    return request.build_absolute_uri(reverse("respond_shared", args=[campaign.public_id, signature]))


def campaign_page_context(
    request: HttpRequest, progress: CampaignProgress, access: Access, form: InvitationsForm
) -> dict[str, Any]:
    campaign = progress.campaign
    return {
        "campaign": campaign,
        "access": access,
        "progress": progress,
        "share_url": share_url(request, campaign),
        "form": form,
        "is_open": campaign.is_open(),
        "may_manage": access.may(Need.MANAGE, campaign.group),
    }
