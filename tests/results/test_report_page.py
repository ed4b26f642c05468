import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.assessments.services import create_assessment
from assessment.models import Action
from assessment.results.selectors import assessment_result
from assessment.roadmap.services import create_action

from ..factories import submit_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(assessment):
    submit_many(assessment, "management", 1, mean=4.5)
    submit_many(assessment, "customers", 30, mean=3.6)
    submit_many(assessment, "employees", 12, mean=3.2, seed=2)
    return assessment


def test_owner_sees_level_gaps_roadmap_and_charts(client, manager, surveyed):
    client.force_login(manager)
    reply = client.get(reverse("report", args=[surveyed.pk]))
    assert reply.status_code == 200
    html = reply.content.decode()
    assert "Acme Bakery is at level" in html
    assert "All stakeholders (weighted)" in html
    assert "Where management sees it differently" in html
    assert "Stage 1: now" in html
    for chart in ("ladder", "heatmap", "radar", "gaps", "segments", "responses"):
        assert f'id="chart-{chart}"' in html
    assert "vendor/plotly/plotly-report.min.js" in html  # our own partial bundle, served from our static files
    assert "Plotly.newPlot" not in html and "<script>" not in html  # no inline script: the CSP forbids them
    assert "Show as a table" in html
    assert "cdn" not in html.lower()


def test_other_organisation_gets_404(client, outsider, surveyed):
    client.force_login(outsider)
    reply = client.get(reverse("report", args=[surveyed.pk]))
    assert reply.status_code == 404
    assert "Acme Bakery" not in reply.content.decode()


def test_anonymous_is_sent_to_login(client, surveyed):
    reply = client.get(reverse("report", args=[surveyed.pk]))
    assert reply.status_code == 302 and reply.url.startswith(reverse("login"))


def test_hr_sees_employee_results_only(client, hr_user, surveyed):
    client.force_login(hr_user)
    reply = client.get(reverse("report", args=[surveyed.pk]))
    assert reply.status_code == 200
    html = reply.content.decode()
    assert "Employee results for Acme Bakery" in html
    assert '<th scope="col">Employees: score (n, 95 % interval)</th>' in html
    assert "Customers" not in html and "Management (self-assessment)" not in html
    assert "Add to the action plan" not in html and "Stage 1" not in html
    assert 'id="chart-ladder"' not in html
    assert "maturity-steps" not in html and "All stakeholders (weighted)" not in html


def test_an_assessment_without_results_says_so(client, manager, assessment):
    submit_many(assessment, "customers", 2)  # below the anonymity threshold
    client.force_login(manager)
    html = client.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "No results yet" in html
    assert "Not enough responses to protect anonymity:</strong> Customers" in html
    assert "is at level" not in html and 'id="chart-' not in html


def test_self_assessed_only_is_marked(client, manager, assessment):
    submit_many(assessment, "management", 1, mean=4.0)
    client.force_login(manager)
    html = client.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "Self-assessed only" in html
    assert "nothing to compare it with yet" in html


def test_suppressed_group_shows_only_the_anonymity_message(client, manager, surveyed):
    submit_many(surveyed, "partners", 3, mean=1.2, seed=3)
    client.force_login(manager)
    html = client.get(reverse("report", args=[surveyed.pk])).content.decode()
    assert "Not enough responses to protect anonymity:</strong> Partners" in html
    assert ">Partners<" not in html  # no row in any table


def settled_queries(client, url: str) -> tuple[int, int]:
    """Queries of a view that moves the figures on (a step is due, results.shown) and of the next one."""
    with CaptureQueriesContext(connection) as moving:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as settled:
        assert client.get(url).status_code == 200
    return len(moving), len(settled)


def test_query_count_does_not_grow_with_responses(client, manager, assessment):
    client.force_login(manager)
    submit_many(assessment, "management", 1)
    submit_many(assessment, "customers", 6)
    submit_many(assessment, "employees", 6)
    url = reverse("report", args=[assessment.pk])
    small = settled_queries(client, url)
    submit_many(assessment, "customers", 120, seed=5)
    submit_many(assessment, "employees", 60, seed=6)
    large = settled_queries(client, url)
    assert large[1] == small[1] <= 20
    assert large[0] <= small[0] <= small[1] + 6 * 3  # moving on costs a few queries per campaign, not per response


def test_roadmap_step_becomes_an_action_and_is_remeasured_next_round(client, manager, surveyed, organisation):
    client.force_login(manager)
    html = client.get(reverse("report", args=[surveyed.pk])).content.decode()
    assert "Add to the action plan" in html

    first = assessment_result(surveyed).roadmap[0]
    reply = client.post(
        reverse("action_create", args=[surveyed.pk]),
        {"dimension": first.dimension, "title": "Fix it", "owner": "Ann", "due_date": "2027-03-31"},
    )
    assert reply.status_code == 302
    action = Action.objects.get()
    assert (action.owner, str(action.due_date), action.baseline_score) == (
        "Ann",
        "2027-03-31",
        pytest.approx(first.score),
    )
    client.post(reverse("action_update", args=[action.pk]), {"owner": "Bob", "due_date": "", "status": "done"})
    action.refresh_from_db()
    assert (action.owner, action.status, action.due_date) == ("Bob", "done", None)

    later = create_assessment(organisation=organisation, title="2027 Q2")
    submit_many(later, "management", 1, mean=4.5)
    submit_many(later, "customers", 30, mean=4.6, seed=9)
    submit_many(later, "employees", 12, mean=4.6, seed=8)
    html = client.get(reverse("report", args=[later.pk])).content.decode()
    assert "Actions from 2026 Q4, re-measured" in html
    assert "Fix it" in html
    assert 'id="chart-trend"' in html


def test_actions_of_another_organisation_are_404(client, outsider, surveyed):
    action = create_action(assessment=surveyed, dimension_code="L1.LEAD", title="Lead")
    client.force_login(outsider)
    assert client.post(reverse("action_update", args=[action.pk]), {"status": "done"}).status_code == 404
    assert (
        client.post(reverse("action_create", args=[surveyed.pk]), {"dimension": "L1.SKILLS", "title": "x"}).status_code
        == 404
    )
    action.refresh_from_db()
    assert action.status == "planned"
    assert Action.objects.count() == 1


@pytest.fixture
def consultant(django_user_model, organisation):
    from assessment.models import Consultancy

    user = django_user_model.objects.create_user(username="consult", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Clearview")
    consultancy.consultants.add(user)
    organisation.consultancy = consultancy
    organisation.save()
    return user


SETTINGS = {
    "level_threshold": 60,
    "dimension_floor": 40,
    "weight_customers": 1,
    "weight_employees": 0,
    "weight_partners": 0,
    "weight_shareholders": 0,
    "anonymity_threshold": 4,
}


def test_consultant_changes_scoring_numbers(client, consultant, surveyed):

    client.force_login(consultant)
    assert "Change for this assessment" in client.get(reverse("report", args=[surveyed.pk])).content.decode()
    reply = client.post(reverse("scoring_settings", args=[surveyed.pk]), SETTINGS)
    assert reply.status_code == 302
    surveyed.refresh_from_db()
    assert (surveyed.level_threshold, surveyed.anonymity_threshold) == (60, 4)
    assert set(surveyed.campaigns.values_list("anonymity_threshold", flat=True)) == {4}
    result = assessment_result(surveyed)
    # Customers alone now make the stakeholder view.
    customers = result.groups["customers"].dimensions
    assert result.stakeholder["L3.SPEED"] == pytest.approx(customers["L3.SPEED"].score)


def test_scoring_numbers_are_validated(client, consultant, surveyed):
    client.force_login(consultant)
    client.post(reverse("scoring_settings", args=[surveyed.pk]), SETTINGS | {"anonymity_threshold": 2})
    client.post(reverse("scoring_settings", args=[surveyed.pk]), SETTINGS | {"weight_customers": 0})
    surveyed.refresh_from_db()
    assert (surveyed.anonymity_threshold, surveyed.weight_customers) == (5, 0.4)


def test_managers_and_outsiders_cannot_change_scoring(client, manager, outsider, surveyed):
    # The manager may see the assessment but not change its scoring (403); the outsider may not see it (404).
    for user, status in ((manager, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(reverse("scoring_settings", args=[surveyed.pk]), SETTINGS).status_code == status
    surveyed.refresh_from_db()
    assert surveyed.level_threshold == 70


def test_the_report_script_is_a_partial_bundle_under_a_third_of_plotlys_full_one():
    from django.conf import settings

    bundle = settings.BASE_DIR / "static" / "vendor" / "plotly" / "plotly-report.min.js"
    assert bundle.stat().st_size < 1_400_000  # plotly's full bundle is 4.8 MB
