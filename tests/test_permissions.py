"""Every staff page, read or write, as an anonymous visitor and as a member of another organisation."""

import pytest
from django.urls import reverse

from assessment.invitations.services import create_invitations
from assessment.models import Action, Assessment, Campaign, Invitation, Response
from assessment.roadmap.services import create_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(assessment):
    return create_action(assessment=assessment, dimension_code="L1.LEAD", title="Lead by example")


def pages(assessment, campaign, action):
    """(method, url, data) of every page that shows or changes an organisation's data."""
    a, c = assessment.pk, campaign.pk
    return [
        ("get", reverse("assessment", args=[a]), {}),
        ("get", reverse("report", args=[a]), {}),
        ("get", reverse("self_assessment", args=[a]), {}),
        ("get", reverse("self_assessment_section", args=[a, 1]), {}),
        ("get", reverse("self_assessment_review", args=[a]), {}),
        ("post", reverse("self_assessment_submit", args=[a]), {}),
        (
            "post",
            reverse("campaign_create", args=[a]),
            {"group": "partners", "anonymity": "anonymous", "anonymity_threshold": 5},
        ),
        ("post", reverse("action_create", args=[a]), {"dimension": "L1.SKILLS", "title": "Train"}),
        ("post", reverse("scoring_settings", args=[a]), {"level_threshold": 1}),
        ("post", reverse("action_update", args=[action.pk]), {"owner": "x", "status": "done"}),
        ("get", reverse("campaign", args=[c]), {}),
        ("post", reverse("invitations_create", args=[c]), {"emails": "new@example.com"}),
        ("post", reverse("campaign_close", args=[c]), {}),
        ("post", reverse("assessment_create", args=[assessment.organisation_id]), {"title": "Another"}),
    ]


def nothing_changed(assessment, campaign, action):
    campaign.refresh_from_db()
    action.refresh_from_db()
    assessment.refresh_from_db()
    assert campaign.is_open()
    assert action.status == "planned" and action.owner == ""
    assert assessment.level_threshold == 70
    assert Campaign.objects.count() == 1
    assert Action.objects.count() == 1
    assert Invitation.objects.count() == 0
    assert Response.objects.count() == 0
    assert Assessment.objects.count() == 1


def test_anonymous_visitors_are_sent_to_login(client, assessment, campaign, action):
    for method, url, data in pages(assessment, campaign, action):
        reply = getattr(client, method)(url, data)
        assert reply.status_code == 302, url
        assert reply.url.startswith(reverse("login")), url
    nothing_changed(assessment, campaign, action)


def test_members_of_another_organisation_get_404_and_see_nothing(client, outsider, assessment, campaign, action):
    client.force_login(outsider)
    for method, url, data in pages(assessment, campaign, action):
        reply = getattr(client, method)(url, data)
        assert reply.status_code == 404, url
        assert "Acme Bakery" not in reply.content.decode(), url
    nothing_changed(assessment, campaign, action)


def test_campaign_page_query_count_does_not_grow_with_invitations(
    client, manager, campaign, django_assert_max_num_queries
):
    create_invitations(campaign=campaign, emails=[f"p{n}@example.com" for n in range(50)])
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("campaign", args=[campaign.pk])).status_code == 200
