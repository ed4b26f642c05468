"""The consultant's scoring settings page: a mistake comes back with the field marked and nothing lost (issue 9)."""

import pytest
from django.urls import reverse

from assessment.models import Consultancy

pytestmark = pytest.mark.django_db

VALID = {
    "level_threshold": 72,
    "dimension_floor": 45,
    "weight_customers": 0.4,
    "weight_employees": 0.3,
    "weight_partners": 0.15,
    "weight_shareholders": 0.15,
    "anonymity_threshold": 6,
}


@pytest.fixture
def consultant(django_user_model, organisation):
    user = django_user_model.objects.create_user(username="adviser", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Advisers Ltd")
    consultancy.consultants.add(user)
    organisation.consultancy = consultancy
    organisation.save()
    return user


def test_the_page_shows_the_form_with_the_browser_limits(client, consultant, assessment):
    client.force_login(consultant)
    page = client.get(reverse("scoring_settings", args=[assessment.pk])).content.decode()
    assert 'name="anonymity_threshold"' in page
    assert 'min="3"' in page


def test_an_invalid_value_comes_back_beside_its_field_with_what_was_typed(client, consultant, assessment):
    client.force_login(consultant)
    reply = client.post(reverse("scoring_settings", args=[assessment.pk]), VALID | {"anonymity_threshold": 0})
    assert reply.status_code == 400
    page = reply.content.decode()
    assert "Nothing was saved" in page
    assert 'href="#id_anonymity_threshold"' in page  # the summary links to the field
    assert 'value="72"' in page and 'value="45"' in page  # what was typed is still there
    assessment.refresh_from_db()
    assert assessment.anonymity_threshold == 5 and assessment.level_threshold == 70


def test_a_floor_above_the_threshold_is_refused_with_the_reason(client, consultant, assessment):
    client.force_login(consultant)
    reply = client.post(reverse("scoring_settings", args=[assessment.pk]), VALID | {"dimension_floor": 80})
    assert reply.status_code == 400
    assert "minimum (80) cannot be above the level score it supports (72)" in reply.content.decode()


def test_valid_settings_are_saved_and_lead_back_to_the_report(client, consultant, assessment):
    client.force_login(consultant)
    reply = client.post(reverse("scoring_settings", args=[assessment.pk]), VALID)
    assert reply.status_code == 302 and reply.url.endswith("#scoring-settings")
    assessment.refresh_from_db()
    assert (assessment.level_threshold, assessment.anonymity_threshold) == (72, 6)
