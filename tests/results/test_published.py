"""Published results (PRODUCT.md section 3 "Result", issue 8): a snapshot that never changes afterwards."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessment.assessments.services import update_scoring_settings
from assessment.models import Assessment, PublishedResult
from assessment.results.selectors import assessment_result, latest_published, published_result, result_as_json
from assessment.results.services import publish_result

from ..factories import submit_many

pytestmark = pytest.mark.django_db


def export(assessment: Assessment, *args: str) -> dict:
    out = io.StringIO()
    call_command("export_results", "--assessment", str(assessment.pk), *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def surveyed(assessment: Assessment) -> Assessment:
    submit_many(assessment, "employees", 8, mean=3.6, seed=3)
    submit_many(assessment, "customers", 8, mean=3.2, seed=4)
    submit_many(assessment, "management", 1, mean=4.5, seed=5)
    return assessment


def settings_values(assessment: Assessment, **changes: float) -> dict[str, float]:
    values = {name: getattr(assessment, name) for name in Assessment.FIELDS}
    values.update(changes)
    return values


def test_publishing_stores_the_result_settings_and_instrument_versions(surveyed, manager):
    published = publish_result(assessment=surveyed, published_by=manager)
    assert published.number == 1
    assert published.published_by == manager
    assert published.settings["level_threshold"] == 70.0
    assert published.settings["weights"] == {"customers": 0.4, "partners": 0.15, "employees": 0.3, "shareholders": 0.15}
    assert published.instruments == {
        group: {"code": "CCM", "version": 1} for group in ("customers", "employees", "management")
    }
    assert published_result(published) == assessment_result(surveyed)


def test_new_settings_and_new_responses_never_change_a_published_result(surveyed, manager):
    published = publish_result(assessment=surveyed, published_by=manager)
    before = result_as_json(published_result(published))

    update_scoring_settings(
        assessment=surveyed, values=settings_values(surveyed, level_threshold=40.0, dimension_floor=30.0)
    )
    submit_many(surveyed, "employees", 5, mean=1.5, seed=9)

    published.refresh_from_db()
    assert result_as_json(published_result(published)) == before
    live = result_as_json(assessment_result(surveyed))
    assert live != before  # the live draft follows the new settings and responses
    assert export(surveyed, "--published") == before
    assert export(surveyed) == live


def test_each_publication_gets_the_next_number(surveyed):
    first = publish_result(assessment=surveyed)
    second = publish_result(assessment=surveyed)
    assert (first.number, second.number) == (1, 2)
    assert latest_published(surveyed) == second
    assert PublishedResult.objects.filter(assessment=surveyed).count() == 2


def test_export_published_without_a_publication_is_a_clear_error(surveyed):
    with pytest.raises(CommandError, match="no published result yet"):
        export(surveyed, "--published")
