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
    """URL name -> (method, url, data) of every page that shows or changes an organisation's data."""
    a, c = assessment.pk, campaign.pk
    return {
        "assessment": ("get", reverse("assessment", args=[a]), {}),
        "report": ("get", reverse("report", args=[a]), {}),
        "self_assessment": ("get", reverse("self_assessment", args=[a]), {}),
        "self_assessment_section": ("get", reverse("self_assessment_section", args=[a, 1]), {}),
        "self_assessment_review": ("get", reverse("self_assessment_review", args=[a]), {}),
        "self_assessment_submit": ("post", reverse("self_assessment_submit", args=[a]), {}),
        "campaign_create": (
            "post",
            reverse("campaign_create", args=[a]),
            {"group": "partners", "anonymity": "anonymous", "anonymity_threshold": 5},
        ),
        "action_create": ("post", reverse("action_create", args=[a]), {"dimension": "L1.SKILLS", "title": "Train"}),
        "scoring_settings": ("post", reverse("scoring_settings", args=[a]), {"level_threshold": 1}),
        "action_update": ("post", reverse("action_update", args=[action.pk]), {"owner": "x", "status": "done"}),
        "campaign": ("get", reverse("campaign", args=[c]), {}),
        "invitations_create": ("post", reverse("invitations_create", args=[c]), {"emails": "new@example.com"}),
        "campaign_close": ("post", reverse("campaign_close", args=[c]), {}),
        "campaign_reopen": ("post", reverse("campaign_reopen", args=[c]), {}),
        "campaign_qr": ("get", reverse("campaign_qr", args=[c]), {}),
        "assessment_create": (
            "post",
            reverse("assessment_create", args=[assessment.organisation_id]),
            {"title": "Another"},
        ),
        "organisation_members": ("get", reverse("organisation_members", args=[assessment.organisation_id]), {}),
        "organisation_audit": ("get", reverse("organisation_audit", args=[assessment.organisation_id]), {}),
        "organisation_export": ("get", reverse("organisation_export", args=[assessment.organisation_id]), {}),
        "organisation_delete": ("get", reverse("organisation_delete", args=[assessment.organisation_id]), {}),
        "export_responses": ("get", reverse("export_responses", args=[a, "csv"]), {}),
        "export_results": ("get", reverse("export_results", args=[a, "xlsx"]), {}),
        "recipients_upload": ("post", reverse("recipients_upload", args=[c]), {}),
        "recipients_preview": ("get", reverse("recipients_preview", args=[c]), {}),
        "recipients_confirm": ("post", reverse("recipients_confirm", args=[c]), {"action": "discard"}),
        "mailing_start": ("post", reverse("mailing_start", args=[c]), {}),
        "reminders_send": ("post", reverse("reminders_send", args=[c]), {}),
        "mailing_progress": ("get", reverse("mailing_progress", args=[c]), {}),
    }


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
    for method, url, data in pages(assessment, campaign, action).values():
        reply = getattr(client, method)(url, data)
        assert reply.status_code == 302, url
        assert reply.url.startswith(reverse("login")), url
    nothing_changed(assessment, campaign, action)


def test_members_of_another_organisation_get_404_and_see_nothing(client, outsider, assessment, campaign, action):
    client.force_login(outsider)
    for method, url, data in pages(assessment, campaign, action).values():
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


# Each role inside the organisation: allowed pages answer, a role that may see but not act gets 403,
# and a group the role may not see (HR: customers' campaign) is as missing as another tenant's (404).
ROLE_EXPECTATIONS = {
    # page: (manager, hr, consultant)
    "assessment": (200, 200, 200),
    "report": (200, 200, 200),
    "self_assessment": (302, 403, 302),
    "self_assessment_section": (200, 403, 200),
    "self_assessment_review": (200, 403, 200),
    "self_assessment_submit": (400, 403, 400),
    "campaign_create": (302, 400, 302),
    "action_create": (302, 403, 302),
    "scoring_settings": (403, 403, 400),  # the consultant's invalid value comes back on its page
    "action_update": (302, 403, 302),
    "campaign": (200, 404, 200),
    "invitations_create": (200, 404, 200),
    "campaign_close": (302, 404, 302),
    "campaign_reopen": (302, 404, 302),
    "campaign_qr": (200, 404, 200),
    "assessment_create": (302, 403, 302),
    "organisation_members": (200, 403, 200),
    "organisation_audit": (200, 403, 200),
    "organisation_export": (200, 403, 200),
    "organisation_delete": (200, 403, 200),
    "export_responses": (200, 200, 200),  # HR's export holds employees only
    "export_results": (200, 200, 200),
    # Sending to a customers' campaign: HR cannot see it at all (404).
    "recipients_upload": (400, 404, 400),
    "recipients_preview": (302, 404, 302),
    "recipients_confirm": (302, 404, 302),
    "mailing_start": (302, 404, 302),
    "reminders_send": (302, 404, 302),
    "mailing_progress": (200, 404, 200),
}
ROLES = ("manager", "hr", "consultant")


def test_the_role_table_covers_every_page(assessment, campaign, action):
    assert set(ROLE_EXPECTATIONS) == set(pages(assessment, campaign, action))


@pytest.fixture
def consultant(django_user_model, organisation):
    from assessment.models import Consultancy

    user = django_user_model.objects.create_user(username="consultant", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Advisers Ltd")
    consultancy.consultants.add(user)
    organisation.consultancy = consultancy
    organisation.save()
    return user


@pytest.mark.parametrize("page_name", list(ROLE_EXPECTATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_its_role_allows(client, request, role, page_name, assessment, campaign, action):
    user = request.getfixturevalue({"manager": "manager", "hr": "hr_user", "consultant": "consultant"}[role])
    client.force_login(user)
    method, url, data = pages(assessment, campaign, action)[page_name]
    reply = getattr(client, method)(url, data)
    assert reply.status_code == ROLE_EXPECTATIONS[page_name][ROLES.index(role)], (role, page_name, url)


def test_hr_runs_the_employee_survey(client, hr_user, assessment):
    from assessment.campaigns.services import create_campaign

    employees = create_campaign(assessment=assessment, group="employees")
    client.force_login(hr_user)
    assert client.get(reverse("campaign", args=[employees.pk])).status_code == 200
    reply = client.post(reverse("invitations_create", args=[employees.pk]), {"emails": "staff@example.com"})
    assert reply.status_code == 200
    assert client.post(reverse("campaign_close", args=[employees.pk])).status_code == 302
    employees.refresh_from_db()
    assert not employees.is_open()
