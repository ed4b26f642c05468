import pytest
from django.urls import reverse

from assessment.assessments.services import create_assessment
from assessment.models import Assessment

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    reply = client.get(reverse("home"))
    assert reply.status_code == 302
    assert reply.url.startswith(reverse("login"))


def test_owner_sees_own_assessments_only(client, manager, assessment, outsider, other_organisation):
    create_assessment(organisation=other_organisation, title="Secret round")
    client.force_login(manager)
    html = client.get(reverse("home")).content.decode()
    assert "Acme Bakery" in html and "2026 Q4" in html
    assert "Rival Foods" not in html and "Secret round" not in html


def test_member_of_another_organisation_sees_nothing_of_ours(client, assessment, outsider):
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert "Acme Bakery" not in html
    assert reverse("assessment", args=[assessment.pk]) not in html


def test_consultant_sees_client_organisations(client, django_user_model, organisation, assessment):
    from assessment.models import Consultancy

    consultant = django_user_model.objects.create_user(username="consult", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Clearview")
    consultancy.consultants.add(consultant)
    organisation.consultancy = consultancy
    organisation.save()
    client.force_login(consultant)
    assert "2026 Q4" in client.get(reverse("home")).content.decode()


def test_query_count_does_not_grow_with_assessments(client, manager, organisation, django_assert_max_num_queries):
    client.force_login(manager)
    for n in range(12):
        create_assessment(organisation=organisation, title=f"Round {n}")
    # Session, user, organisations, two for roles, campaign counts per group, assessments, consultancies.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200


def test_create_assessment(client, manager, organisation):
    client.force_login(manager)
    reply = client.post(reverse("assessment_create", args=[organisation.pk]), {"title": "2027 Q1"})
    assessment = Assessment.objects.get(title="2027 Q1")
    assert reply.status_code == 302 and reply.url == reverse("assessment", args=[assessment.pk])


def test_create_assessment_duplicate_title_is_a_clear_error(client, manager, organisation, assessment):
    client.force_login(manager)
    reply = client.post(reverse("assessment_create", args=[organisation.pk]), {"title": "2026 Q4"})
    assert reply.status_code == 400
    assert "already has an assessment called" in reply.content.decode()


def test_create_assessment_in_another_organisation_is_404(client, outsider, organisation):
    client.force_login(outsider)
    reply = client.post(reverse("assessment_create", args=[organisation.pk]), {"title": "Hijack"})
    assert reply.status_code == 404
    assert not Assessment.objects.filter(title="Hijack").exists()


def test_hr_cannot_create_assessments(client, hr_user, organisation):
    client.force_login(hr_user)
    assert client.post(reverse("assessment_create", args=[organisation.pk]), {"title": "X"}).status_code == 403


def test_hr_sees_no_new_assessment_button_and_only_employee_totals(client, hr_user, manager, organisation, assessment):
    from ..factories import submit_many

    submit_many(assessment, "customers", 7)
    submit_many(assessment, "employees", 4)
    client.force_login(hr_user)
    page = client.get(reverse("home")).content.decode()
    assert "New assessment" not in page  # HR may not create one, so it is not offered
    assert "<td>1</td><td>4</td>" in page  # one campaign (employees), four responses: not 11
    client.force_login(manager)
    page = client.get(reverse("home")).content.decode()
    assert "New assessment" in page
    assert "<td>2</td><td>11</td>" in page
