import pytest
from django.urls import reverse

from assessment.models import Response

from ..helpers import page_answers, page_count

pytestmark = pytest.mark.django_db


def test_manager_completes_self_assessment(client, manager, assessment):
    client.force_login(manager)
    reply = client.get(reverse("self_assessment", args=[assessment.pk]))
    assert reply.status_code == 302
    campaign = Response.objects.get(respondent=manager).campaign
    assert campaign.group == "management"
    first = client.get(reply.url).content.decode()
    assert "Level 1" in first
    for number in range(1, page_count(campaign) + 1):
        reply = client.post(
            reverse("self_assessment_section", args=[assessment.pk, number]), page_answers(campaign, number)
        )
        assert reply.status_code == 302
    assert reply.url == reverse("self_assessment_review", args=[assessment.pk])
    reply = client.post(reverse("self_assessment_submit", args=[assessment.pk]))
    assert reply.status_code == 302
    response = Response.objects.get(respondent=manager)
    assert response.submitted_at is not None
    assert response.dimension_scores.count() == 16
    page = client.get(reverse("assessment", args=[assessment.pk]), follow=True).content.decode()
    assert "You submitted your self-assessment" in page
    # Coming back to the questionnaire after submitting does not reopen it.
    again = client.get(reverse("self_assessment_section", args=[assessment.pk, 1]))
    assert again.status_code == 302 and again.url == reverse("assessment", args=[assessment.pk])


def test_other_organisation_cannot_start_ours(client, outsider, assessment):
    client.force_login(outsider)
    assert client.get(reverse("self_assessment", args=[assessment.pk])).status_code == 404
    assert not Response.objects.exists()


def test_anonymous_is_sent_to_login(client, assessment):
    reply = client.get(reverse("self_assessment_section", args=[assessment.pk, 1]))
    assert reply.status_code == 302 and reply.url.startswith(reverse("login"))


def test_hr_has_no_self_assessment(client, hr_user, assessment):
    # HR sees the organisation, but its role does not include the self-assessment: 403, not 404.
    client.force_login(hr_user)
    assert client.get(reverse("self_assessment", args=[assessment.pk])).status_code == 403
