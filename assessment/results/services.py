"""Publishing a result: the snapshot a client receives."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from .. import scoring
from ..assessments.models import Assessment
from ..instruments.models import Dimension
from ..instruments.selectors import dimensions
from .models import Commentary, PublishedResult
from .selectors import shown_figures


def publish_result(*, assessment: Assessment, published_by: User | None = None) -> PublishedResult:
    """Freeze the result pages show (every group, the current settings) as the next published number."""
    with transaction.atomic():
        # Locks the assessment, so two publishers cannot take the same number.
        Assessment.objects.select_for_update().filter(pk=assessment.pk).exists()
        figures = shown_figures(assessment, dims=dimensions())
        number = (assessment.published.aggregate(last=Max("number"))["last"] or 0) + 1
        instruments = {
            group: {"code": code, "version": version}
            for group, code, version in assessment.campaigns.order_by("group").values_list(
                "group", "instrument__code", "instrument__version"
            )
        }
        return PublishedResult.objects.create(
            assessment=assessment,
            number=number,
            published_by=published_by,
            settings=scoring.settings_to_data(figures.result.settings),
            instruments=instruments,
            result=scoring.result_to_data(figures.result),
            nps=figures.nps,
            comments=figures.comments,
        )


def save_commentary(*, published: PublishedResult, dimension_code: str, text: str, author: User | None) -> None:
    """The consultant's words on a published report ("" for the whole report); empty text removes them. The
    figures stay frozen: commentary is the consultant's reading of them, added after publishing."""
    dimension = Dimension.objects.filter(code=dimension_code).first() if dimension_code else None
    if dimension_code and dimension is None:
        raise ValidationError(
            {"dimension": gettext("Unknown dimension “%(dimension)s”.") % {"dimension": dimension_code}}
        )
    rows = Commentary.objects.filter(published=published, dimension=dimension)
    if not text.strip():
        rows.delete()
        return
    updated = rows.update(text=text.strip(), author=author)
    if not updated:
        Commentary.objects.create(published=published, dimension=dimension, text=text.strip(), author=author)
