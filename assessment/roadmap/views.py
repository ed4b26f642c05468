from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..assessments.access import get_assessment
from ..organisations.access import Need
from ..results.selectors import roadmap_step
from . import services
from .access import get_action
from .forms import ActionForm, ActionUpdateForm, TargetForm


@login_required
@require_POST
def action_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, access = get_assessment(request.user, assessment_id, need=Need.MANAGE)
    form = ActionForm(request.POST)
    if form.is_valid():
        step = roadmap_step(assessment, access, form.cleaned_data["dimension"])
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
            messages.success(request, gettext("Added to the action plan."))
    else:
        messages.error(request, gettext("Give the action a title; the due date must be a date."))
    return redirect(reverse("report", args=[assessment.pk]) + "#action-plan")


@login_required
@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    action, _ = get_action(request.user, action_id, need=Need.MANAGE)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        services.update_action(action=action, **form.cleaned_data)
        messages.success(request, gettext("“%(title)s” updated.") % {"title": action.title})
    else:
        messages.error(request, gettext("The due date must be a date and the status one of the list."))
    return redirect(reverse("report", args=[action.assessment_id]) + "#action-plan")


@login_required
@require_POST
def target_set(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _ = get_assessment(request.user, assessment_id, need=Need.CONSULT)
    form = TargetForm(request.POST)
    # The form refuses what float() would take but no target is: "nan", "1e309", a NUL in the dimension's code.
    if not form.is_valid():
        messages.error(request, gettext("A target is a number from 0 to 100."))
        return redirect(reverse("report", args=[assessment.pk]) + "#targets")
    score = form.cleaned_data["score"]
    try:
        services.set_target(assessment=assessment, dimension_code=form.cleaned_data["dimension"], score=score)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Target saved.") if score is not None else gettext("Target removed."))
    return redirect(reverse("report", args=[assessment.pk]) + "#targets")
