"""Writes of assessments: creating a round, and the consultant's scoring numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from .. import scoring
from ..names import check_name
from ..organisations.models import Organisation
from .models import Assessment
from .selectors import scoring_settings


def create_assessment(*, organisation: Organisation, title: str, created_by: User | None = None) -> Assessment:
    title = title.strip()
    if not title:
        raise ValidationError({"title": gettext("Give the assessment a title, for example “2026 Q4”.")})
    check_name(title, field="title")
    if Assessment.objects.filter(organisation=organisation, title=title).exists():
        raise ValidationError(
            {
                "title": gettext("%(organisation)s already has an assessment called “%(title)s”.")
                % {"organisation": organisation.name, "title": title}
            }
        )
    return Assessment.objects.create(organisation=organisation, title=title, created_by=created_by)


def update_scoring_settings(*, assessment: Assessment, values: Mapping[str, Any]) -> Assessment:
    """A consultant's numbers for one assessment; the anonymity threshold applies to all its campaigns."""
    for name in Assessment.FIELDS:
        setattr(assessment, name, values[name])
    if assessment.anonymity_threshold < scoring.MIN_ANONYMITY_THRESHOLD:
        raise ValidationError({"anonymity_threshold": gettext("The anonymity threshold cannot be below 3.")})
    try:
        scoring_settings(assessment)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        assessment.save(update_fields=list(Assessment.FIELDS))
        assessment.campaigns.update(anonymity_threshold=assessment.anonymity_threshold)
    return assessment
