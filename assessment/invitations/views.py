from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..campaigns.access import get_campaign
from ..campaigns.page import campaign_page_context
from ..exports.formats import escape
from ..organisations.access import Need, signed_in_user
from . import selectors, services, uploads
from .forms import InvitationsForm, RecipientsUploadForm, SendForm
from .mailings import MailingRefused, start_mailing
from .models import Mailing
from .recipients import UnreadableFile, read_recipients


@login_required
@require_POST
def invitations_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    form = InvitationsForm(request.POST)
    if not form.is_valid():
        context = campaign_page_context(request, campaign, access, invitations_form=form)
        return render(request, "campaigns/campaign.html", context, status=400)
    created, existing = services.create_invitations(
        campaign=campaign, emails=form.cleaned_data["emails"], reissue=form.cleaned_data["reissue"]
    )
    links = [(email, request.build_absolute_uri(reverse("respond", args=[token]))) for email, token in created]
    # Pasted into a spreadsheet, an address such as "=1+2@example.com" would be read as a formula.
    paste = "".join(f"{escape(email)},{url}\n" for email, url in links)
    context = {"campaign": campaign, "links": links, "existing": existing, "paste": paste}
    return render(request, "invitations/invitation_links.html", context)


@login_required
@require_POST
def recipients_upload(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    form = RecipientsUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = read_recipients(upload, already_invited=selectors.invited_emails(campaign))
            uploads.keep(request.session, campaign.pk, upload.name, checked)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("recipients_preview", campaign.pk)
    context = campaign_page_context(request, campaign, access, upload_form=form)
    return render(request, "campaigns/campaign.html", context, status=400)


@login_required
def recipients_preview(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    upload = uploads.kept(request.session, campaign.pk)
    if upload is None:
        messages.info(request, gettext("There is no uploaded list waiting; upload one below."))
        return redirect("campaign", campaign.pk)
    return render(request, "invitations/preview.html", {"campaign": campaign, "upload": upload})


@login_required
@require_POST
def recipients_confirm(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    upload = uploads.kept(request.session, campaign.pk)
    uploads.forget(request.session, campaign.pk)
    if upload is None or request.POST.get("action") != "confirm":
        messages.info(request, gettext("The list was discarded: nothing was stored."))
    else:
        added = services.store_recipients(campaign=campaign, recipients=upload.recipients)
        messages.success(
            request,
            gettext("%(count)d recipients added. No e-mail has gone out yet: send them below.") % {"count": added},
        )
    return redirect(reverse("campaign", args=[campaign.pk]) + "#sending")


@login_required
@require_POST
def mailing_start(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _start(request, campaign_id, Mailing.Kind.INITIAL)


@login_required
@require_POST
def reminders_send(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _start(request, campaign_id, Mailing.Kind.REMINDER)


def _start(request: HttpRequest, campaign_id: int, kind: str) -> HttpResponse:
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    form = SendForm(request.POST)
    page = reverse("campaign", args=[campaign.pk]) + "#sending"
    if not form.is_valid():
        messages.error(request, gettext("Choose the reminders from the list."))
        return redirect(page)
    days = tuple(form.cleaned_data["reminder_days"]) if kind == Mailing.Kind.INITIAL else ()
    try:
        mailing = start_mailing(campaign=campaign, kind=kind, created_by=signed_in_user(request), reminder_days=days)
    except MailingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            gettext("Sending %(count)d e-mails; the bar below shows how far it has gone.") % {"count": mailing.total},
        )
    return redirect(page)


@login_required
@require_POST
def bounced_correct(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """One bounced address corrected (or kept as it was): the next send of the invitation reaches it."""
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    number = _number(request.POST.get("invitation"))
    invitation = campaign.invitations.filter(pk=number).first() if number is not None else None
    if invitation is None:
        messages.error(request, gettext("That recipient is not in this campaign."))
    else:
        try:
            corrected = services.correct_bounced_address(invitation=invitation, email=request.POST.get("email", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, gettext("%(email)s will get the invitation with the next send.") % {"email": corrected.email}
            )
    return redirect(reverse("campaign", args=[campaign.pk]) + "#sending")


@login_required
@require_POST
def bounced_retry(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Every bounced address tried again, as it is: the invitation goes out to them (and to anyone not yet sent it)."""
    campaign, _ = get_campaign(request.user, campaign_id, need=Need.MANAGE)
    if not services.retry_bounced(campaign=campaign):
        messages.info(request, gettext("No address has bounced."))
        return redirect(reverse("campaign", args=[campaign.pk]) + "#sending")
    return _start(request, campaign_id, Mailing.Kind.INITIAL)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@never_cache
@login_required
def mailing_progress(request: HttpRequest, campaign_id: int) -> JsonResponse:
    campaign, _ = get_campaign(request.user, campaign_id)
    progress = selectors.latest_mailing(campaign)
    if progress is None:
        return JsonResponse({"status": "none", "done": True})
    # The sentence under the bar, in the reader's language, from the template the campaign page uses.
    return JsonResponse(
        {**progress.as_json(), "text": render_to_string("invitations/mailing_text.html", {"latest": progress})}
    )
