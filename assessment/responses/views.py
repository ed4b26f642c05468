"""The answering pages: respondents by link (no account) and managers' self-assessment (logged in).

Both run the same flow (flow.py); they differ only in how the response is found, built by an opener.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..assessments.access import get_assessment
from ..organisations.access import Need, signed_in_user
from . import flow, services

View = Callable[..., HttpResponse]
Opener = Callable[..., flow.Flow | HttpResponse]
RESUME_COOKIE_DAYS = 30


def _unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    status = 404 if reason == services.INVALID_LINK else 410
    return render(request, "responses/unavailable.html", {"reason": reason}, status=status)


def _answering(opener: Opener, page: View) -> View:
    """A view of the flow: open the response with the opener, then show the page."""

    @wraps(page)
    def view(request: HttpRequest, number: int | None = None, **link: Any) -> HttpResponse:
        try:
            opened = opener(request, **link)
            if isinstance(opened, HttpResponse):
                return opened
            return page(request, opened) if number is None else page(request, opened, number)
        except services.RespondentLinkError as error:
            return _unavailable(request, error.reason)

    return view


def _flow_views(opener: Opener) -> tuple[View, View, View, View]:
    """The entry, section, review and submit views of one way of answering."""
    return (
        _answering(opener, flow.resume),
        _answering(opener, flow.section_page),
        _answering(opener, flow.review_page),
        require_POST(_answering(opener, flow.submit)),
    )


def _open_by_link(request: HttpRequest, token: str) -> flow.Flow:
    response = services.open_response(token=token)
    return flow.Flow(
        response=response,
        section_url=partial(_url, "respond_section", token),
        review_url=reverse("respond_review", args=[token]),
        submit_url=reverse("respond_submit", args=[token]),
        done_url=reverse("respond_done"),
        resume_url=request.build_absolute_uri(reverse("respond", args=[token])),
    )


def _open_self_assessment(request: HttpRequest, assessment_id: int) -> flow.Flow | HttpResponse:
    assessment, _ = get_assessment(request.user, assessment_id, need=Need.MANAGE)
    response = services.start_self_assessment(assessment=assessment, user=signed_in_user(request))
    if response.is_submitted:
        if request.method == "POST":
            # Answers posted from a page left open before the submit: say plainly they were not taken.
            raise services.RespondentLinkError(services.ALREADY_SUBMITTED)
        messages.info(request, "You have already submitted your self-assessment for this round.")
        return redirect("assessment", assessment.pk)
    response.campaign.assessment = assessment
    return flow.Flow(
        response=response,
        section_url=partial(_url, "self_assessment_section", assessment.pk),
        review_url=reverse("self_assessment_review", args=[assessment.pk]),
        submit_url=reverse("self_assessment_submit", args=[assessment.pk]),
        done_url=reverse("assessment", args=[assessment.pk]),
        resume_url=reverse("self_assessment", args=[assessment.pk]),
        base_template="base.html",
        done_message="Thank you: your self-assessment is submitted.",
    )


def _url(name: str, key: object, number: int) -> str:
    return reverse(name, args=[key, number])


respond, respond_section, respond_review, respond_submit = _flow_views(_open_by_link)
self_assessment, self_assessment_section, self_assessment_review, self_assessment_submit = (
    login_required(view) for view in _flow_views(_open_self_assessment)
)


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
    return render(request, "responses/done.html")
