from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from ..audit.models import AuditEvent
from ..audit.selectors import audit_log
from ..audit.services import record_event
from . import selectors, services
from .access import Need, get_consultancy, get_organisation, signed_in_user
from .archive import organisation_archive
from .forms import BrandingForm, DeleteForm, InviteForm, OrganisationForm
from .logos import CONTENT_TYPES


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = OrganisationForm(consultancies=user.consultancies.all(), languages=settings.LANGUAGES)
    consultancies = list(user.consultancies.order_by("name"))
    context = {
        "organisations": selectors.dashboard(user),
        "client_form": form if consultancies else None,
        "consultancies": consultancies,
    }
    return render(request, "organisations/dashboard.html", context)


@login_required
@require_POST
def organisation_create(request: HttpRequest) -> HttpResponse:
    """A consultant's new client, under one of the consultant's consultancies."""
    user = signed_in_user(request)
    form = OrganisationForm(request.POST, consultancies=user.consultancies.all(), languages=settings.LANGUAGES)
    if form.is_valid():
        try:
            organisation = services.create_organisation(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            record_event(user=user, organisation=organisation, action=AuditEvent.Action.CREATED, what="organisation")
            messages.success(
                request, gettext("%(name)s is a client now. Invite its managers below.") % {"name": organisation.name}
            )
            return redirect("organisation_members", organisation.pk)
    context = {"organisations": selectors.dashboard(user), "client_form": form}
    return render(request, "organisations/dashboard.html", context, status=400)


@login_required
def organisation_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, access = get_organisation(request.user, organisation_id, need=Need.MANAGE)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                organisation=organisation,
                invited_by=signed_in_user(request),
                set_up_link=lambda uid, token: request.build_absolute_uri(
                    reverse("password_reset_confirm", args=[uid, token])
                ),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            what = f"invitation of {form.cleaned_data['email']} as {form.cleaned_data['role']}"
            record_event(user=request.user, organisation=organisation, action=AuditEvent.Action.INVITED, what=what)
            messages.success(request, gettext("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("organisation_members", organisation.pk)
    context = {"organisation": organisation, "members": selectors.members(organisation), "form": form}
    return render(request, "organisations/members.html", context, status=400 if form.errors else 200)


@login_required
def organisation_audit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _ = get_organisation(request.user, organisation_id, need=Need.MANAGE)
    context = {"organisation": organisation, "events": audit_log(organisation)}
    return render(request, "organisations/audit.html", context)


@login_required
def organisation_export(request: HttpRequest, organisation_id: int) -> StreamingHttpResponse:
    organisation, _ = get_organisation(request.user, organisation_id, need=Need.MANAGE)
    record_event(user=request.user, organisation=organisation, action=AuditEvent.Action.EXPORTED, what="all data")
    reply = StreamingHttpResponse(organisation_archive(organisation), content_type="application/json")
    reply["Content-Disposition"] = f'attachment; filename="{slugify(organisation.name) or "organisation"}.json"'
    return reply


@login_required
def organisation_delete(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _ = get_organisation(request.user, organisation_id, need=Need.MANAGE)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = organisation.name
        try:
            # Logged first (the event keeps the name once the organisation is gone), undone if refused.
            with transaction.atomic():
                record_event(user=request.user, organisation=organisation, action=AuditEvent.Action.DELETED, what=name)
                services.delete_organisation(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("%(name)s and all its data are deleted.") % {"name": name})
            return redirect("home")
    context = {"organisation": organisation, "form": form}
    return render(request, "organisations/delete.html", context, status=400 if form.errors else 200)


@login_required
def consultancy_branding(request: HttpRequest, consultancy_id: int) -> HttpResponse:
    """The consultancy's logo and colours, as its clients' reports show them; its consultants only."""
    consultancy = get_consultancy(request.user, consultancy_id, need=Need.CONSULT)
    initial = {"brand_colour": consultancy.brand_colour, "accent_colour": consultancy.accent_colour}
    posted = request.method == "POST"
    form = BrandingForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            services.update_branding(consultancy=consultancy, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The logo and colours are saved; every client's report shows them."))
            return redirect("consultancy_branding", consultancy.pk)
    context = {"consultancy": consultancy, "form": form}
    return render(request, "organisations/branding.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def consultancy_logo(request: HttpRequest, consultancy_id: int) -> FileResponse:
    """The logo, for whoever may read the consultancy's reports (not a public media address)."""
    consultancy = get_consultancy(request.user, consultancy_id, need=Need.READ_PUBLISHED)
    extension = PurePath(consultancy.logo.name or "").suffix.lower()
    if extension not in CONTENT_TYPES:
        raise Http404("No logo.")
    try:
        content = consultancy.logo.open("rb")
    except FileNotFoundError:
        raise Http404("No logo.") from None
    reply = FileResponse(content, content_type=CONTENT_TYPES[extension])
    # An SVG opened on its own is a document: it may not run or fetch anything.
    reply["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    reply["Cache-Control"] = "private, max-age=3600"
    return reply
