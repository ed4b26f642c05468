"""The Django admin works for a site admin on every model, and keeps published instruments frozen."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessment.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-tests-1")


def test_every_model_has_a_working_changelist(client, site_admin, campaign):
    from django.apps import apps

    client.force_login(site_admin)
    for model in apps.get_app_config("assessment").get_models():
        assert admin.site.is_registered(model), model
        url = reverse(f"admin:assessment_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_published_instrument_is_read_only_and_new_version_comes_from_an_action(client, site_admin):
    client.force_login(site_admin)
    published = Instrument.objects.filter(status="published").order_by("-version").first()
    item = published.items.first()
    page = client.get(reverse("admin:assessment_item_change", args=[item.pk])).content.decode()
    assert 'name="text"' not in page  # shown, not editable
    client.post(
        reverse("admin:assessment_instrument_changelist"), {"action": "new_draft", "_selected_action": [published.pk]}
    )
    draft = Instrument.objects.get(status="draft")
    assert draft.version == published.version + 1
    assert draft.items.count() == published.items.count()
    client.post(
        reverse("admin:assessment_instrument_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.is_published


def test_renaming_a_dimension_shows_the_new_name_in_the_report_and_keeps_its_code(client, site_admin, manager):
    from assessment.assessments.services import create_assessment
    from assessment.models import Dimension

    from .factories import submit_many

    dimension = Dimension.objects.get(code="L1.LEAD")
    client.force_login(site_admin)
    url = reverse("admin:assessment_dimension_change", args=[dimension.pk])
    page = client.get(url).content.decode()
    assert 'name="code"' not in page and 'name="level"' not in page  # what answers and the rules rely on
    data = {"name": "Top-team conviction", "description": dimension.description, "position": dimension.position}
    assert client.post(url, data).status_code == 302
    dimension.refresh_from_db()
    assert (dimension.code, dimension.name) == ("L1.LEAD", "Top-team conviction")

    assessment = create_assessment(organisation=manager.memberships.get().organisation, title="Renamed")
    submit_many(assessment, "employees", 6)
    client.force_login(manager)
    reply = client.get(reverse("report", args=[assessment.pk]))
    assert reply.status_code == 200
    assert "Top-team conviction" in reply.content.decode()


def test_staff_who_are_not_site_admins_see_only_their_organisations_rows(
    client, django_user_model, assessment, other_organisation
):
    from assessment.assessments.services import create_assessment
    from assessment.models import Assessment, Membership

    create_assessment(organisation=other_organisation, title="Rival round")
    staff = django_user_model.objects.create_user("staffer", password="pw-for-tests-1", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename="view_assessment"))
    Membership.objects.create(user=staff, organisation=assessment.organisation, role="manager")
    client.force_login(staff)
    page = client.get(reverse("admin:assessment_assessment_changelist")).content.decode()
    assert assessment.title in page
    assert "Rival round" not in page
    rival = Assessment.objects.get(title="Rival round")
    assert client.get(reverse("admin:assessment_assessment_change", args=[rival.pk])).status_code == 302
