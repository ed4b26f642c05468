"""The campaign page's context, shared by the campaign page and the invitation forms that re-render it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ..groups import Group
from ..invitations.forms import InvitationsForm, RecipientsUploadForm, SendForm
from ..invitations.selectors import MAX_REMINDERS, campaign_sending
from ..organisations.access import Access, Need
from ..tokens import share_signature
from .models import Campaign
from .selectors import campaign_progress


def share_url(request: HttpRequest, campaign: Campaign) -> str | None:
    """The campaign's shareable link; the management self-assessment has none (managers answer logged in)."""
    if campaign.group == Group.MANAGEMENT:
        return None
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    return request.build_absolute_uri(reverse("respond_shared", args=[campaign.public_id, signature]))


def campaign_page_context(
    request: HttpRequest,
    campaign: Campaign,
    access: Access,
    *,
    invitations_form: InvitationsForm | None = None,
    upload_form: RecipientsUploadForm | None = None,
) -> dict[str, Any]:
    may_manage = access.may(Need.MANAGE, campaign.group)
    return {
        "campaign": campaign,
        "access": access,
        "progress": campaign_progress(campaign),
        "share_url": share_url(request, campaign),
        "form": invitations_form or InvitationsForm(),
        "upload_form": upload_form or RecipientsUploadForm(),
        "send_form": SendForm(),
        "sending": campaign_sending(campaign) if may_manage else None,
        "max_reminders": MAX_REMINDERS,
        "is_open": campaign.is_open(),
        "may_manage": may_manage,
    }
