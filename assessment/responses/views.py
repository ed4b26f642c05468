"""The answering pages: respondents by link (no account) and managers' self-assessment (logged in).

Both run the same flow (flow.py); they differ only in how the response is found, built by an opener.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..assessments.access import get_assessment
from ..campaigns.models import Campaign
from ..organisations.access import Need, role_in, signed_in_user
from ..tokens import hashes_match, new_shared_token, shared_token_campaign
from . import flow, limits, services
from .welcome import StartForm, welcome

View = Callable[..., HttpResponse]
Opener = Callable[..., flow.Flow | HttpResponse]
RESUME_COOKIE_DAYS = 30
LINK_COOKIE = "respondent-link"
# A secret of the browser that starts a response: its saved answers open only there (services.started_elsewhere).
BROWSER_COOKIE = "respondent-browser"
NEW_BROWSER_KEY = "assessment.new_browser_key"
# The section, review and submit pages, with the token in their address or remembered by the browser.
LINK_PAGES = ("respond_section", "respond_review", "respond_submit")
REMEMBERED_PAGES = ("respond_page", "respond_page_review", "respond_page_submit")


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
            args = () if number is None else (number,)
            if opened.staff:
                return page(request, opened, *args)
            reply = _in_language(request, opened.response.language, lambda: page(request, opened, *args))
            return _keep_browser_key(reply, request)
        except services.RespondentLinkError as error:
            return _unavailable(request, error.reason)

    return view


def _in_language(request: HttpRequest, language: str, show: Callable[[], HttpResponse]) -> HttpResponse:
    """A respondent's page in the language they chose; the cookie carries it to the pages after the last one
    (sent when the browser's differs, not with every page)."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        reply = show()
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
        secure = settings.SESSION_COOKIE_SECURE
        reply.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=secure)
    return reply


def _flow_views(opener: Opener) -> tuple[View, View, View, View]:
    """The entry, section, review and submit views of one way of answering."""
    return (
        _answering(opener, flow.resume),
        _answering(opener, flow.section_page),
        _answering(opener, flow.review_page),
        require_POST(_answering(opener, flow.submit)),
    )


def _link_flow(request: HttpRequest, token: str, *, remembered: bool) -> flow.Flow | HttpResponse:
    """A respondent's flow. A GET never stores anything (link scanners open links before people do): before
    the first POST a page is shown from an unsaved response. Pages reached through the welcome page carry
    no token: the browser keeps it in a cookie, so it leaves the address bar and the access log."""
    found = services.find_link(token=token, with_answers=request.method == "GET")
    campaign, response, invitation = found
    if _staff_of(request, campaign):
        return render(request, "responses/staff.html", status=403)
    browser = _browser_key(request)
    # Checked before anything is written: another browser's saved response is neither shown nor moved.
    if response is not None and services.started_elsewhere(response, browser):
        return _elsewhere(request)
    if response is None and request.method != "POST":
        response = services.unsaved_response(campaign, invitation)
    elif response is None and invitation is None and not limits.allow_shared_start(request, campaign):
        return render(request, "429.html", status=429)
    elif response is None or (request.method == "POST" and not hashes_match(response.token_hash, token)):
        # A first POST creates the response; one from a newer e-mail's link moves it to that link.
        response = services.open_response(token=token, found=found, browser_key=browser)
    key = () if remembered else (token,)  # remembered pages carry no token in their address
    section, review, submit = REMEMBERED_PAGES if remembered else LINK_PAGES
    return flow.Flow(
        response=response,
        section_url=partial(_url, section, *key),
        review_url=partial(_url, review, *key),
        submit_url=partial(_url, submit, *key),
        done_url=partial(_url, "respond_done"),
        resume_url=lambda: request.build_absolute_uri(reverse("respond", args=[token])),
        # After a submit through a shareable link, this browser is not offered another response.
        answered_cookie=f"answered-{campaign.public_id}" if response.invitation_id is None else "",
    )


def _open_by_link(request: HttpRequest, token: str) -> flow.Flow | HttpResponse:
    return _link_flow(request, token, remembered=False)


def _open_remembered(request: HttpRequest) -> flow.Flow | HttpResponse:
    return _link_flow(request, _required_token(request), remembered=True)


def _remember(reply: HttpResponse, request: HttpRequest, token: str) -> HttpResponse:
    """Keep the link, and give a browser that has none its secret (see BROWSER_COOKIE)."""
    _set_cookie(reply, request, LINK_COOKIE, token)
    _browser_key(request)
    return _keep_browser_key(reply, request)


def _set_cookie(reply: HttpResponse, request: HttpRequest, name: str, value: str) -> None:
    reply.set_signed_cookie(
        name,
        value,
        salt=name,
        max_age=RESUME_COOKIE_DAYS * 24 * 3600,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _browser_key(request: HttpRequest) -> str:
    """This browser's secret; one made now for a browser without is sent with the reply (_keep_browser_key)."""
    key: str | None = request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE)
    if key is None:
        key = request.META.setdefault(NEW_BROWSER_KEY, secrets.token_urlsafe(32))
    return key


def _keep_browser_key(reply: HttpResponse, request: HttpRequest) -> HttpResponse:
    if NEW_BROWSER_KEY in request.META:
        _set_cookie(reply, request, BROWSER_COOKIE, request.META[NEW_BROWSER_KEY])
    return reply


def _elsewhere(request: HttpRequest) -> HttpResponse:
    return render(request, "responses/elsewhere.html", status=409)


def _remembered_token(request: HttpRequest) -> str | None:
    token: str | None = request.get_signed_cookie(LINK_COOKIE, default=None, salt=LINK_COOKIE)
    return token


def _required_token(request: HttpRequest) -> str:
    """The link this browser remembers, for the pages whose address carries none: without, the link is invalid."""
    token = _remembered_token(request)
    if token is None:
        raise services.RespondentLinkError(services.INVALID_LINK)
    return token


def _staff_of(request: HttpRequest, campaign: Campaign) -> bool:
    """Staff of the organisation may not answer its surveys as respondents (nor read an invitee's answers)."""
    user = request.user
    return user.is_authenticated and role_in(user, campaign.assessment.organisation) is not None


def _open_self_assessment(request: HttpRequest, assessment_id: int) -> flow.Flow | HttpResponse:
    assessment, _ = get_assessment(request.user, assessment_id, need=Need.MANAGE)
    response = services.start_self_assessment(assessment=assessment, user=signed_in_user(request))
    if response.is_submitted:
        if request.method == "POST":
            # Answers posted from a page left open before the submit: say plainly they were not taken.
            raise services.RespondentLinkError(services.ALREADY_SUBMITTED)
        messages.info(request, gettext("You have already submitted your self-assessment for this round."))
        return redirect("assessment", assessment.pk)
    response.campaign.assessment = assessment
    return flow.Flow(
        response=response,
        section_url=partial(_url, "self_assessment_section", assessment.pk),
        review_url=partial(_url, "self_assessment_review", assessment.pk),
        submit_url=partial(_url, "self_assessment_submit", assessment.pk),
        done_url=partial(_url, "assessment", assessment.pk),
        resume_url=partial(_url, "self_assessment", assessment.pk),
        base_template="base.html",
        done_message=gettext("Thank you: your self-assessment is submitted."),
        staff=True,
    )


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


_, respond_section, respond_review, respond_submit = _flow_views(_open_by_link)
_, respond_page, respond_page_review, respond_page_submit = _flow_views(_open_remembered)
self_assessment, self_assessment_section, self_assessment_review, self_assessment_submit = (
    login_required(view) for view in _flow_views(_open_self_assessment)
)


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the respondent's message: checked (read only), kept in a cookie, then the welcome page."""
    try:
        services.find_link(token=token)
    except services.RespondentLinkError as error:
        return _unavailable(request, error.reason)
    return _remember(redirect("respond_welcome"), request, token)


def respond_welcome(request: HttpRequest) -> HttpResponse:
    """Who asks, why, how long, how anonymous, in which language; "Start" (a POST) opens the response."""
    try:
        token = _required_token(request)
        campaign, response, invitation = services.find_link(token=token)
    except services.RespondentLinkError as error:
        return _unavailable(request, error.reason)
    if _staff_of(request, campaign):
        return render(request, "responses/staff.html", status=403)
    if response is not None and services.started_elsewhere(response, _browser_key(request)):
        return _elsewhere(request)
    default = (response.language if response else "") or (invitation.language if invitation else "") or "en"
    form = StartForm(request.POST or None, campaign=campaign, initial={"language": default})
    if request.method == "POST" and form.is_valid():
        if response is None and invitation is None and not limits.allow_shared_start(request, campaign):
            return render(request, "429.html", status=429)
        language = form.cleaned_data["language"]
        response = services.open_response(token=token, language=language, browser_key=_browser_key(request))
        services.set_language(response=response, language=language)
        return _keep_browser_key(redirect("respond_page", max(1, response.current_section)), request)

    def page() -> HttpResponse:
        # Built in the page's language: the welcome's sentences are made here.
        context = {"welcome": welcome(campaign, started=response is not None), "form": form}
        return render(request, "responses/welcome.html", context)

    if response is None and not (invitation and invitation.language):
        return page()  # in the browser's language
    return _in_language(request, default, page)


def respond_shared(request: HttpRequest, public_id: str, signature: str) -> HttpResponse:
    """A campaign's shareable link. It stores nothing: it gives the visitor a signed token of its own (or
    the one this browser started with, to resume) and leads to its link, then the welcome page."""
    try:
        campaign = services.find_shared_campaign(campaign_public_id=str(public_id), signature=signature)
    except services.RespondentLinkError as error:
        return _unavailable(request, error.reason)
    if request.COOKIES.get(f"answered-{campaign.public_id}"):
        return _unavailable(request, services.ALREADY_SUBMITTED)
    earlier = _remembered_token(request)
    if earlier is not None and shared_token_campaign(earlier) == str(campaign.public_id):
        return redirect("respond", earlier)
    return redirect("respond", new_shared_token(str(campaign.public_id)))


@require_POST
def respond_start_again(request: HttpRequest) -> HttpResponse:
    """From the page saying the answers were begun in another browser: start afresh here, the saved answers
    deleted unread."""
    try:
        campaign, response, _ = services.find_link(token=_required_token(request))
    except services.RespondentLinkError as error:
        return _unavailable(request, error.reason)
    if _staff_of(request, campaign):  # staff may not answer, nor wipe a respondent's answers
        return render(request, "responses/staff.html", status=403)
    if response is not None:
        services.start_again(response=response, browser_key=_browser_key(request))
    return _keep_browser_key(redirect("respond_welcome"), request)


def respond_done(request: HttpRequest) -> HttpResponse:
    """After the submit there is no response to ask: the language cookie set by the survey's pages says."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen not in dict(settings.LANGUAGES):
        return render(request, "responses/done.html")
    return _in_language(request, chosen, lambda: render(request, "responses/done.html"))
