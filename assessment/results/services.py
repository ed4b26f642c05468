"""Publishing a result: the snapshot a client receives."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from .. import scoring
from ..assessments.models import Assessment
from ..instruments.selectors import dimensions
from .models import PublishedResult
from .selectors import assessment_result, nps_of


def publish_result(*, assessment: Assessment, published_by: User | None = None) -> PublishedResult:
    """Freeze the live result (every group, the current settings) as the next published number."""
    with transaction.atomic():
        # Locks the assessment, so two publishers cannot take the same number.
        Assessment.objects.select_for_update().filter(pk=assessment.pk).exists()
        result = assessment_result(assessment, dims=dimensions())
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
            settings=scoring.settings_to_data(result.settings),
            instruments=instruments,
            result=scoring.result_to_data(result),
            nps=nps_of(assessment, result),
        )
