from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import questionnaire, reports, selectors, services
from .forms import ActionForm, ActionUpdateForm, AssessmentForm, CampaignForm, InvitationsForm, ScoringSettingsForm
from .models import Group
from .tokens import share_signature


def account(request: HttpRequest) -> User:
    """The logged-in user of a view behind login_required."""
    return cast(User, request.user)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers (no database query)."""
    return HttpResponse("ok", content_type="text/plain")


# Staff pages


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return _dashboard(request)


def _dashboard(
    request: HttpRequest, bound: AssessmentForm | None = None, organisation_id: int | None = None
) -> HttpResponse:
    organisations = selectors.dashboard(request.user)
    for organisation in organisations:
        form = bound if organisation.pk == organisation_id else None
        organisation.assessment_form = form or AssessmentForm(auto_id=f"org{organisation.pk}_%s")  # type: ignore[attr-defined]
    return render(request, "dashboard.html", {"organisations": organisations}, status=400 if bound else 200)


@login_required
@require_POST
def assessment_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    access = selectors.get_organisation_access(request.user, organisation_id)
    if not access.can_manage:
        raise PermissionDenied("Only managers and consultants create assessments.")
    form = AssessmentForm(request.POST, auto_id=f"org{organisation_id}_%s")
    if form.is_valid():
        try:
            assessment = services.create_assessment(
                organisation=access.organisation, title=form.cleaned_data["title"], created_by=account(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Assessment “{assessment.title}” created.")
            return redirect("assessment", assessment.pk)
    return _dashboard(request, form, organisation_id)


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = selectors.get_assessment(request.user, assessment_id)
    campaigns = selectors.campaigns_with_progress(assessment, access.groups)
    form = CampaignForm(
        groups=_groups_without_campaign(access.groups, campaigns),
        initial={"anonymity_threshold": assessment.anonymity_threshold},
    )
    return render(
        request,
        "assessment.html",
        {
            "assessment": assessment,
            "access": access,
            "campaigns": campaigns,
            "campaign_form": form,
            "self_assessment": selectors.self_assessment_of(assessment, account(request))
            if access.can_manage
            else None,
        },
    )


def _groups_without_campaign(groups: tuple[str, ...], campaigns: list[Any]) -> list[str]:
    taken = {c.group for c in campaigns}
    return [g for g in groups if g not in taken]


@login_required
@require_POST
def campaign_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = selectors.get_assessment(request.user, assessment_id)
    campaigns = selectors.campaigns_with_progress(assessment, access.groups)
    form = CampaignForm(request.POST, groups=_groups_without_campaign(access.groups, campaigns))
    if form.is_valid():
        try:
            campaign = services.create_campaign(assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Campaign for {campaign.get_group_display().lower()} created.")
            return redirect("campaign", campaign.pk)
    return render(
        request,
        "assessment.html",
        {"assessment": assessment, "access": access, "campaigns": campaigns, "campaign_form": form},
        status=400,
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = selectors.get_campaign(request.user, campaign_id)
    return render(request, "campaign.html", _campaign_context(request, campaign, access, InvitationsForm()))


def _campaign_context(request: HttpRequest, campaign: Any, access: Any, form: InvitationsForm) -> dict[str, Any]:
    share_url = None
    if campaign.group != Group.MANAGEMENT:
        path = reverse(
            "respond_shared", args=[campaign.public_id, share_signature(str(campaign.public_id), campaign.share_salt)]
        )
        share_url = request.build_absolute_uri(path)
    return {
        "campaign": campaign,
        "access": access,
        "progress": selectors.campaign_progress(campaign),
        "share_url": share_url,
        "form": form,
        "is_open": campaign.is_open(),
    }


@login_required
@require_POST
def invitations_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = selectors.get_campaign(request.user, campaign_id)
    form = InvitationsForm(request.POST)
    if not form.is_valid():
        return render(request, "campaign.html", _campaign_context(request, campaign, access, form), status=400)
    created, existing = services.create_invitations(campaign=campaign, emails=form.cleaned_data["emails"])
    links = [(email, request.build_absolute_uri(reverse("respond", args=[token]))) for email, token in created]
    return render(request, "invitation_links.html", {"campaign": campaign, "links": links, "existing": existing})


@login_required
@require_POST
def campaign_close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, access = selectors.get_campaign(request.user, campaign_id)
    if not access.can_manage and campaign.group != Group.EMPLOYEES:
        raise PermissionDenied
    services.close_campaign(campaign=campaign)
    messages.success(request, "The campaign is closed: its links now say so.")
    return redirect("campaign", campaign.pk)


@login_required
def report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = selectors.get_assessment(request.user, assessment_id)
    data = selectors.report(assessment, access)
    context = {"report": data, "charts": reports.charts(data, maturity=access.can_manage), "access": access}
    context["settings_form"] = ScoringSettingsForm(instance=assessment) if access.role == "consultant" else None
    return render(request, "report.html", context)


@login_required
@require_POST
def scoring_settings(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = selectors.get_assessment(request.user, assessment_id)
    if access.role != "consultant":
        raise Http404("Only the organisation's consultant changes the scoring settings.")
    form = ScoringSettingsForm(request.POST, instance=assessment)
    if form.is_valid():
        try:
            services.update_scoring_settings(assessment=assessment, values=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Scoring settings saved; the report below uses them.")
    else:
        messages.error(
            request, "Check the scoring settings: " + " ".join(str(e) for errs in form.errors.values() for e in errs)
        )
    return redirect(reverse("report", args=[assessment.pk]) + "#scoring-settings")


@login_required
@require_POST
def action_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = selectors.get_assessment(request.user, assessment_id)
    if not access.can_manage:
        raise Http404
    form = ActionForm(request.POST)
    if form.is_valid():
        step = selectors.roadmap_step(assessment, access, form.cleaned_data["dimension"])
        try:
            services.create_action(
                assessment=assessment,
                dimension_code=form.cleaned_data["dimension"],
                title=form.cleaned_data["title"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                stage=step.stage if step else 1,
                baseline_score=step.score if step else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Added to the action plan.")
    else:
        messages.error(request, "Give the action a title; the due date must be a date.")
    return redirect(reverse("report", args=[assessment.pk]) + "#action-plan")


@login_required
@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    action, access = selectors.get_action(request.user, action_id)
    if not access.can_manage:
        raise Http404
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        services.update_action(action=action, **form.cleaned_data)
        messages.success(request, f"“{action.title}” updated.")
    else:
        messages.error(request, "The due date must be a date and the status one of the list.")
    return redirect(reverse("report", args=[action.assessment_id]) + "#action-plan")


# The management self-assessment, answered while logged in


def _self_assessment_flow(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, assessment_id: int, **kwargs: Any) -> HttpResponse:
        assessment, access = selectors.get_assessment(request.user, assessment_id)
        if not access.can_manage:
            raise Http404("Only managers and consultants complete the self-assessment.")
        response = services.start_self_assessment(assessment=assessment, user=account(request))
        response.campaign.assessment = assessment
        base = ("self_assessment_section", assessment.pk)
        flow = questionnaire.Flow(
            response=response,
            section_url=lambda n: reverse(base[0], args=[base[1], n]),
            review_url=reverse("self_assessment_review", args=[assessment.pk]),
            submit_url=reverse("self_assessment_submit", args=[assessment.pk]),
            done_url=reverse("assessment", args=[assessment.pk]),
            resume_url=reverse("self_assessment", args=[assessment.pk]),
            base_template="base.html",
        )
        if response.is_submitted:
            messages.info(request, "You have already submitted your self-assessment for this round.")
            return redirect("assessment", assessment.pk)
        return view(request, flow, **kwargs)

    return wrapper


@_self_assessment_flow
def self_assessment(request: HttpRequest, flow: questionnaire.Flow) -> HttpResponse:
    return redirect(flow.section_url(max(1, flow.response.current_section)))


@_self_assessment_flow
def self_assessment_section(request: HttpRequest, flow: questionnaire.Flow, number: int) -> HttpResponse:
    return questionnaire.section_page(request, flow, number)


@_self_assessment_flow
def self_assessment_review(request: HttpRequest, flow: questionnaire.Flow) -> HttpResponse:
    return questionnaire.review_page(request, flow)


@require_POST
@_self_assessment_flow
def self_assessment_submit(request: HttpRequest, flow: questionnaire.Flow) -> HttpResponse:
    result = questionnaire.submit(request, flow)
    if result.status_code == 302:
        messages.success(request, "Thank you: your self-assessment is submitted.")
    return result


# Respondent links (no account)


def _unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    status = 404 if reason == services.INVALID_LINK else 410
    return render(request, "respond/unavailable.html", {"reason": reason}, status=status)


def _respondent_flow(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        try:
            response = services.open_response(token=token)
        except services.RespondentLinkError as error:
            return _unavailable(request, error.reason)
        flow = questionnaire.Flow(
            response=response,
            section_url=lambda n: reverse("respond_section", args=[token, n]),
            review_url=reverse("respond_review", args=[token]),
            submit_url=reverse("respond_submit", args=[token]),
            done_url=reverse("respond_done"),
            resume_url=request.build_absolute_uri(reverse("respond", args=[token])),
        )
        try:
            return view(request, flow, **kwargs)
        except services.RespondentLinkError as error:
            return _unavailable(request, error.reason)

    return wrapper


@_respondent_flow
def respond(request: HttpRequest, flow: questionnaire.Flow) -> HttpResponse:
    return redirect(flow.section_url(max(1, flow.response.current_section)))


@_respondent_flow
def respond_section(request: HttpRequest, flow: questionnaire.Flow, number: int) -> HttpResponse:
    return questionnaire.section_page(request, flow, number)


@_respondent_flow
def respond_review(request: HttpRequest, flow: questionnaire.Flow) -> HttpResponse:
    return questionnaire.review_page(request, flow)


@require_POST
@_respondent_flow
def respond_submit(request: HttpRequest, flow: questionnaire.Flow) -> HttpResponse:
    return questionnaire.submit(request, flow)


RESUME_COOKIE_DAYS = 30


def respond_shared(request: HttpRequest, public_id: str, signature: str) -> HttpResponse:
    # The browser keeps the token of the response it started, so coming back through the shared
    # link resumes it instead of starting an empty one.
    cookie = f"resume-{public_id}"
    earlier = request.get_signed_cookie(cookie, default=None, salt="shared-link-resume")
    try:
        _, token = services.start_shared_response(
            campaign_public_id=str(public_id), signature=signature, earlier_token=earlier
        )
    except services.RespondentLinkError as error:
        return _unavailable(request, error.reason)
    reply = redirect("respond", token)
    reply.set_signed_cookie(
        cookie,
        token,
        salt="shared-link-resume",
        max_age=RESUME_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return reply


def respond_done(request: HttpRequest) -> HttpResponse:
    return render(request, "respond/done.html")
