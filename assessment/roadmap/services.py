"""Writes of the action plan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from ..assessments.models import Assessment
from ..db import single
from ..instruments.models import Dimension
from ..names import check_name
from .models import Action, Target


def create_action(
    *,
    assessment: Assessment,
    dimension_code: str,
    title: str,
    owner: str = "",
    due_date: dt.date | None = None,
    stage: int = 1,
    baseline_score: float | None = None,
) -> Action:
    dimension = single(Dimension.objects.filter(code=dimension_code))
    if dimension is None:
        raise ValidationError(
            {"dimension": gettext("Unknown dimension “%(dimension)s”.") % {"dimension": dimension_code}}
        )
    check_name(title, field="title")
    return Action.objects.create(
        assessment=assessment,
        dimension=dimension,
        title=title.strip() or dimension.name,
        owner=owner.strip(),
        due_date=due_date,
        stage=stage,
        baseline_score=baseline_score,
    )


def update_action(*, action: Action, owner: str, due_date: dt.date | None, status: str) -> Action:
    if status not in Action.Status.values:
        raise ValidationError({"status": gettext("Unknown status “%(status)s”.") % {"status": status}})
    action.owner, action.due_date, action.status = owner.strip(), due_date, status
    action.save(update_fields=["owner", "due_date", "status"])
    return action


def set_target(*, assessment: Assessment, dimension_code: str, score: float | None) -> Target | None:
    """The score to aim a dimension at in the next round; None removes the target."""
    dimension = single(Dimension.objects.filter(code=dimension_code))
    if dimension is None:
        raise ValidationError(
            {"dimension": gettext("Unknown dimension “%(dimension)s”.") % {"dimension": dimension_code}}
        )
    if score is None:
        Target.objects.filter(assessment=assessment, dimension=dimension).delete()
        return None
    if not 0 <= score <= 100:
        raise ValidationError({"score": gettext("A target is a score from 0 to 100.")})
    target, _ = Target.objects.update_or_create(assessment=assessment, dimension=dimension, defaults={"score": score})
    return target
