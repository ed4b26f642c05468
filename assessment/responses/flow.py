"""The page-by-page answering flow, shared by respondent links and the management self-assessment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from html import escape
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ..instruments.models import Item
from ..instruments.selectors import Page, Questionnaire, questionnaire
from . import selectors, services
from .forms import SectionForm, answer_label, field_name, initial_from_answers
from .models import Response
from .selectors import StoredAnswer
from .shown import hidden_ids, shown_items


@dataclass(frozen=True)
class Flow:
    response: Response
    # Addresses are built when asked for: a request needs one or two of them, and each costs a reverse().
    section_url: Callable[[int], str]
    review_url: Callable[[], str]
    submit_url: Callable[[], str]
    done_url: Callable[[], str]
    resume_url: Callable[[], str]
    base_template: str = "responses/base.html"
    done_message: str = ""
    # A manager answering logged in: the pages speak to staff, not to an anonymous respondent.
    staff: bool = False
    # Set on this browser at submit (a shareable link offers one response per browser).
    answered_cookie: str = ""

    @cached_property
    def questionnaire(self) -> Questionnaire:
        """Read once per request (each page asks for it several times)."""
        campaign = self.response.campaign
        # Staff read their self-assessment in their own interface language; respondents in the one they chose.
        language = translation.get_language() if self.staff else self.response.language
        return questionnaire(campaign.instrument_id, campaign.group, language or "en")

    @cached_property
    def organisation_name(self) -> str:
        """Read once per request: the review page shows it in every question."""
        return selectors.organisation_name(self.response.campaign.assessment_id)


def section_page(request: HttpRequest, flow: Flow, number: int) -> HttpResponse:
    pages = flow.questionnaire.pages
    if not 1 <= number <= len(pages):
        return redirect(flow.section_url(1))
    page = pages[number - 1]
    if request.method == "POST":
        # Only a page with filtered questions needs the earlier answers, so only it reads them.
        filtered = any(item.shown_if for item in page.items)
        items = _shown_on(pages, page, selectors.answers_of(flow.response)) if filtered else page.items
        form = SectionForm(request.POST, items=items, organisation_name=flow.organisation_name)
        action = request.POST.get("action", "next")
        valid = form.is_valid()
        if action == "next" and not valid:
            return _render_section(request, flow, number, form, status=400)
        services.save_answers(response=flow.response, items=items, values=_page_values(form), current_section=number)
        if action == "save":
            messages.success(request, gettext("Your answers are saved. Come back to this link any time to finish."))
            return render(request, "responses/saved.html", {"flow": flow}, status=200)
        if action == "back":
            return redirect(flow.section_url(max(1, number - 1)))
        if request.GET.get("return") == "review":
            return redirect(flow.review_url())  # "Change" on the review page comes back to it
        return redirect(flow.section_url(number + 1) if number < len(pages) else flow.review_url())
    answers = selectors.answers_of(flow.response)
    items = _shown_on(pages, page, answers)
    form = SectionForm(
        initial=initial_from_answers(items, answers), items=items, organisation_name=flow.organisation_name
    )
    return _render_section(request, flow, number, form)


def _shown_on(pages: tuple[Page, ...], page: Page, answers: Mapping[int, StoredAnswer]) -> tuple[Item, ...]:
    """The page's items that the respondent's stored answers to filter questions let them see."""
    everything = [item for each in pages for item in each.items]
    return shown_items(page.items, hidden_ids(everything, answers.values()))


def _page_values(form: SectionForm) -> dict[str, object]:
    """Valid answers only; an invalid answer is not saved, but neither does it clear a stored one."""
    values = form.values_by_code()
    for item in form.items:
        if field_name(item) in form.errors:
            values.pop(item.code, None)
    return values


def _render_section(
    request: HttpRequest, flow: Flow, number: int, form: SectionForm, status: int = 200
) -> HttpResponse:
    total = len(flow.questionnaire.pages)
    return render(
        request,
        "responses/section.html",
        {
            "flow": flow,
            "form": form,
            "page": flow.questionnaire.pages[number - 1],
            "number": number,
            "total": total,
            "progress": round(100 * (number - 1) / total),
        },
        status=status,
    )


def review_page(request: HttpRequest, flow: Flow, status: int = 200) -> HttpResponse:
    answers = selectors.answers_of(flow.response)
    asked = flow.questionnaire
    hidden = hidden_ids(asked.items, answers.values())
    summary: list[dict[str, Any]] = []
    not_answered, unanswered = gettext("Not answered (required)"), "—"
    for number, page in enumerate(asked.pages, start=1):
        rows, missing = [], 0
        for item in shown_items(page.items, hidden):
            answer = answers.get(item.pk)
            text = item.text.replace("{organisation}", flow.organisation_name)
            label = answer_label(item, answer) if answer is not None else ""
            if label:
                rows.append((text, "", label))
            elif answer is None and item.required:
                missing += 1
                rows.append((text, "text-danger fw-semibold", not_answered))
            else:
                rows.append((text, "", unanswered))
        summary.append(
            {
                "number": number,
                "url": flow.section_url(number) + "?return=review",
                "section": page.section,
                "rows_html": _answers_html(rows),
                "missing": missing,
            }
        )
    missing = sum(s["missing"] for s in summary)
    return render(
        request,
        "responses/review.html",
        {"flow": flow, "summary": summary, "missing": missing, "total": len(summary)},
        status=status,
    )


QUESTION_CLASS = "fw-normal small text-body-secondary"


def _answers_html(rows: list[tuple[str, str, str]]) -> SafeString:
    """A review section's questions and answers, (question, class, answer) each, built here rather than by a
    template loop (a review lists every question), every text escaped."""
    return mark_safe(  # noqa: S308 - the texts are escaped, the classes are this module's own
        "".join(
            f'<dt class="{QUESTION_CLASS}">{escape(text)}</dt><dd class="{kind}">{escape(label)}</dd>'
            for text, kind, label in rows
        )
    )


def submit(request: HttpRequest, flow: Flow) -> HttpResponse:
    try:
        services.submit_response(response=flow.response)
    except services.IncompleteResponse as incomplete:
        missing = len(incomplete.missing)
        messages.error(
            request,
            ngettext(
                "%(count)d required question still needs an answer; it is marked below.",
                "%(count)d required questions still need an answer; they are marked below.",
                missing,
            )
            % {"count": missing},
        )
        return review_page(request, flow, status=400)
    if flow.done_message:
        messages.success(request, flow.done_message)
    reply = redirect(flow.done_url())
    if flow.answered_cookie:
        reply.set_cookie(flow.answered_cookie, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return reply


def resume(request: HttpRequest, flow: Flow) -> HttpResponse:
    return redirect(flow.section_url(max(1, flow.response.current_section)))
