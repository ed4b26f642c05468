"""The report page shows the live draft or a published snapshot, and says which (issues 8 and 12)."""

import pytest
from django.urls import reverse

from assessment.assessments.services import update_scoring_settings
from assessment.models import Assessment, AuditEvent, Commentary, Consultancy, Membership, Target
from assessment.results.services import publish_result
from assessment.roadmap.services import create_action

from ..factories import submit_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(assessment):
    submit_many(assessment, "employees", 8, mean=3.6, seed=3)
    submit_many(assessment, "customers", 8, mean=3.2, seed=4)
    submit_many(assessment, "management", 1, mean=4.5, seed=5)
    return assessment


@pytest.fixture
def consultant(django_user_model, organisation):
    user = django_user_model.objects.create_user(username="adviser", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Clearview")
    consultancy.consultants.add(user)
    organisation.consultancy = consultancy
    organisation.save()
    return user


def page(client, assessment, **params) -> str:
    query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    reply = client.get(reverse("report", args=[assessment.pk]) + query)
    assert reply.status_code == 200
    return reply.content.decode()


def test_a_manager_publishes_the_draft_and_the_snapshot_never_changes(client, manager, surveyed):
    client.force_login(manager)
    assert "Live draft" in page(client, surveyed)
    reply = client.post(reverse("report_publish", args=[surveyed.pk]))
    assert reply.status_code == 302 and reply.url.endswith("?published=1")
    published = page(client, surveyed, published=1)
    assert "Published report #1" in published and "It never changes" in published
    values = {name: getattr(surveyed, name) for name in Assessment.FIELDS} | {"level_threshold": 90}
    update_scoring_settings(assessment=surveyed, values=values)
    after = page(client, surveyed, published=1)
    assert "level from 70" in after  # the settings it was published with
    assert "level from 90" in page(client, surveyed)  # the draft follows the new settings
    assert AuditEvent.objects.filter(action="published", what__contains="#1").exists()
    assert AuditEvent.objects.filter(action="viewed").count() >= 3


def test_a_viewer_sees_published_reports_only(client, django_user_model, organisation, surveyed):
    viewer = django_user_model.objects.create_user(username="board", password="pw-for-tests-1")
    Membership.objects.create(user=viewer, organisation=organisation, role="viewer")
    client.force_login(viewer)
    reply = client.get(reverse("report", args=[surveyed.pk]))
    assert reply.status_code == 404 and "No published report yet" in reply.content.decode()
    assert client.get(reverse("assessment", args=[surveyed.pk])).status_code == 403
    publish_result(assessment=surveyed)
    shown = page(client, surveyed)
    assert "Published report #1" in shown and "Publish this result" not in shown


def test_hr_never_sees_a_snapshot_of_every_group(client, hr_user, surveyed):
    publish_result(assessment=surveyed)
    client.force_login(hr_user)
    shown = page(client, surveyed, published=1)
    assert "Published report" not in shown and "Customers" not in shown


def test_the_consultant_comments_a_published_report_and_sets_targets(client, consultant, manager, surveyed):
    publish_result(assessment=surveyed)
    client.force_login(consultant)
    url = reverse("commentary_save", args=[surveyed.pk, 1])
    client.post(url, {"dimension": "", "text": "Speed is the first thing to fix."})
    client.post(url, {"dimension": "L3.SPEED", "text": "Customers wait too long for answers."})
    client.post(reverse("target_set", args=[surveyed.pk]), {"dimension": "L3.SPEED", "score": "70"})
    assert Commentary.objects.count() == 2 and Target.objects.get().score == 70
    client.force_login(manager)
    shown = page(client, surveyed, published=1)
    assert "Speed is the first thing to fix." in shown and "Customers wait too long" in shown
    assert "Targets for the next round" in shown
    # Only the consultant writes commentary.
    assert client.post(url, {"dimension": "", "text": "Mine now"}).status_code == 403


def test_several_actions_serve_one_roadmap_step(client, manager, surveyed):
    client.force_login(manager)
    url = reverse("action_create", args=[surveyed.pk])
    client.post(url, {"dimension": "L1.LEAD", "title": "Monthly service review", "owner": "COO"})
    client.post(url, {"dimension": "L1.LEAD", "title": "Managers on the front line", "owner": "CEO"})
    assert surveyed.actions.filter(dimension__code="L1.LEAD").count() == 2
    shown = page(client, surveyed)
    assert "Monthly service review" in shown and "Managers on the front line" in shown


def test_a_viewer_reads_the_whole_published_report_and_is_offered_no_change(
    client, django_user_model, organisation, surveyed
):
    """A viewer (a board member, say) sees every group: the company's level, the ladder and the roadmap, as
    the PDF of the same report shows them, not HR's "employee results"; but no form to change the plan."""
    create_action(assessment=surveyed, dimension_code="L1.LEAD", title="Lead from the top")
    publish_result(assessment=surveyed)
    viewer = django_user_model.objects.create_user(username="board", password="pw-for-tests-1")
    Membership.objects.create(user=viewer, organisation=organisation, role="viewer")
    client.force_login(viewer)
    shown = client.get(reverse("report", args=[surveyed.pk]) + "?published=1").content.decode()
    assert "is at level" in shown and "maturity-steps" in shown and 'id="roadmap"' in shown
    assert "Employee results for" not in shown
    assert "Lead from the top" in shown and reverse("action_update", args=[surveyed.actions.get().pk]) not in shown
    assert (
        "Add to the action plan" not in shown
        and "<form" not in shown.split('id="roadmap"', 1)[1].split('id="scoring-settings"', 1)[0]
    )
