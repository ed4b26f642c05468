import pytest
from django.urls import reverse

from assessment.campaigns.services import create_campaign
from assessment.invitations.services import create_invitations
from assessment.models import Campaign

pytestmark = pytest.mark.django_db


def test_owner_sees_campaigns_with_progress(client, manager, assessment, campaign):
    client.force_login(manager)
    create_invitations(campaign=campaign, emails=["a@example.com", "b@example.com"])
    html = client.get(reverse("assessment", args=[assessment.pk])).content.decode()
    assert "Customers" in html
    assert "Start your self-assessment" in html
    assert "<td>2</td>" in html  # invited


def test_other_organisation_gets_404(client, outsider, assessment):
    client.force_login(outsider)
    reply = client.get(reverse("assessment", args=[assessment.pk]))
    assert reply.status_code == 404
    assert "2026 Q4" not in reply.content.decode()


def test_anonymous_is_sent_to_login(client, assessment):
    reply = client.get(reverse("assessment", args=[assessment.pk]))
    assert reply.status_code == 302 and reply.url.startswith(reverse("login"))


def test_hr_sees_employee_campaigns_only(client, hr_user, assessment, campaign):
    create_campaign(assessment=assessment, group="employees")
    client.force_login(hr_user)
    html = client.get(reverse("assessment", args=[assessment.pk])).content.decode()
    assert "Employees" in html
    assert ">Customers<" not in html
    assert "self-assessment" not in html.lower()


def test_query_count_does_not_grow_with_campaigns(client, manager, assessment, django_assert_max_num_queries):
    client.force_login(manager)
    for group in ("customers", "partners", "employees", "shareholders"):
        campaign = create_campaign(assessment=assessment, group=group)
        create_invitations(campaign=campaign, emails=[f"{group}{n}@example.com" for n in range(5)])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("assessment", args=[assessment.pk])).status_code == 200


def test_create_campaign(client, manager, assessment):
    client.force_login(manager)
    reply = client.post(
        reverse("campaign_create", args=[assessment.pk]),
        {"group": "partners", "anonymity": "confidential", "anonymity_threshold": 4},
    )
    campaign = Campaign.objects.get(assessment=assessment, group="partners")
    assert reply.status_code == 302 and reply.url == reverse("campaign", args=[campaign.pk])
    assert campaign.anonymity == "confidential" and campaign.anonymity_threshold == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"group": "partners", "anonymity": "anonymous", "anonymity_threshold": 2}, "greater than or equal to 3"),
        ({"group": "nobody", "anonymity": "anonymous", "anonymity_threshold": 5}, "Select a valid choice"),
        (
            {"group": "partners", "anonymity": "anonymous", "anonymity_threshold": 5, "closes_at": "2001-01-01T10:00"},
            "must be in the future",
        ),
    ],
)
def test_create_campaign_bad_input_is_a_clear_error(client, manager, assessment, data, message):
    client.force_login(manager)
    reply = client.post(reverse("campaign_create", args=[assessment.pk]), data)
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert not Campaign.objects.filter(assessment=assessment).exists()


def test_create_campaign_in_other_organisation_is_404(client, outsider, assessment):
    client.force_login(outsider)
    reply = client.post(
        reverse("campaign_create", args=[assessment.pk]),
        {"group": "partners", "anonymity": "anonymous", "anonymity_threshold": 5},
    )
    assert reply.status_code == 404
    assert not Campaign.objects.exists()
