"""The demo tells the story issue 8 asks for: version 2, reliable scales, comments, and no level without evidence."""

import io

import pytest
from django.core.management import call_command

from assessment.groups import Group
from assessment.models import Assessment
from assessment.results.selectors import assessment_result

pytestmark = [pytest.mark.django_db, pytest.mark.instrument(2)]  # the demo as a new user gets it


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return Assessment.objects.get(title="2026 Q4")


def test_the_demo_runs_on_version_two_with_reliable_scales(demo):
    assert set(demo.campaigns.values_list("instrument__version", flat=True)) == {2}
    result = assessment_result(demo)
    employees = result.groups["employees"]
    assert employees.responses >= 30
    alphas = [d.alpha for d in employees.dimensions.values() if d.alpha is not None]
    assert alphas and sorted(alphas)[len(alphas) // 2] >= 0.7  # the median scale is reliable
    assert all(d.ci95 is not None for d in employees.dimensions.values())


def test_leaving_out_the_employee_survey_leaves_level_one_not_measured(demo):
    everyone = assessment_result(demo)
    assert everyone.maturity_level == 1 and not everyone.levels[0].not_measured
    without_employees = assessment_result(demo, tuple(g for g in Group.values if g != Group.EMPLOYEES))
    assert without_employees.maturity_level == 0
    missing = without_employees.levels[0].not_measured
    assert missing  # leadership, internal service or training are only judged by employees
    assert all("employees" in without_employees.not_measured[code] for code in missing)


def test_verify_totals_is_clean_on_the_demo(demo):
    out = io.StringIO()
    call_command("verify_totals", stdout=out)
    assert "differ" not in out.getvalue().lower()
