"""The respondent's way in: a welcome page, nothing stored before "Start", no token in the address bar,
one response per browser on a shareable link, staff refused as respondents (issues 9, 10, 11, 13)."""

import pytest
from django.test import Client
from django.urls import reverse

from assessment.campaigns.services import create_campaign
from assessment.invitations.services import create_invitations
from assessment.models import Campaign, Invitation, Response
from assessment.tokens import share_signature

from ..helpers import page_answers, page_count

pytestmark = pytest.mark.django_db


def invite(campaign: Campaign, email: str = "ann@example.com") -> str:
    created, _ = create_invitations(campaign=campaign, emails=[email])
    return created[0][1]


def share_url(campaign: Campaign) -> str:
    return reverse(
        "respond_shared", args=[campaign.public_id, share_signature(str(campaign.public_id), campaign.share_salt)]
    )


def test_a_link_scanner_opening_every_link_stores_nothing(client, campaign):
    token = invite(campaign)
    for url in (reverse("respond", args=[token]), reverse("respond_section", args=[token, 2]), share_url(campaign)):
        assert client.get(url, follow=True).status_code == 200
    assert not Response.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_staff_of_the_organisation_cannot_answer_as_respondents(client, manager, campaign):
    token = invite(campaign)
    client.force_login(manager)
    for url in (reverse("respond_section", args=[token, 1]), share_url(campaign)):
        reply = client.get(url, follow=True)
        assert reply.status_code == 403, url
        assert "For respondents only" in reply.content.decode()
    assert client.post(reverse("respond_section", args=[token, 1]), page_answers(campaign, 1)).status_code == 403
    assert not Response.objects.exists()


def test_the_management_campaign_takes_no_personal_links(client, assessment):
    management = create_campaign(assessment=assessment, group="management", anonymity="identified")
    token = invite(management, "employee@example.com")
    assert client.get(reverse("respond", args=[token])).status_code == 404
    assert client.post(reverse("respond_section", args=[token, 1]), {}).status_code == 404
    assert not Response.objects.exists()


def test_one_address_starts_only_a_few_responses_an_hour_through_a_shareable_link(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(shared_starts_per_hour=2)
    statuses = []
    for _ in range(3):
        visitor = Client()
        link = visitor.get(share_url(campaign)).url
        visitor.get(link)
        statuses.append(visitor.post(reverse("respond_welcome"), {"language": "en"}).status_code)
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2


def test_change_on_the_review_page_comes_back_to_the_review(client, campaign):
    token = invite(campaign)
    for number in range(1, page_count(campaign) + 1):
        client.post(reverse("respond_section", args=[token, number]), page_answers(campaign, number))
    review = client.get(reverse("respond_review", args=[token])).content.decode()
    change = reverse("respond_section", args=[token, 2]) + "?return=review"
    assert f'href="{change}"' in review
    reply = client.post(change, page_answers(campaign, 2, likert="2"))
    assert reply.status_code == 302 and reply.url == reverse("respond_review", args=[token])


@pytest.mark.instrument(2)
def test_a_respondent_answers_in_the_language_chosen_on_the_first_page_and_keeps_it(client, campaign):
    token = invite(campaign)
    welcome = client.get(reverse("respond", args=[token]), follow=True).content.decode()
    assert 'lang="hu"' in welcome and 'lang="ar"' in welcome and 'lang="it"' in welcome
    client.post(reverse("respond_welcome"), {"language": "hu"})
    page = client.get(reverse("respond_page", args=[1])).content.decode()
    assert "Acme Bakery" in page and "{organisation}" not in page
    assert Response.objects.get().language == "hu"
    data = page_answers(campaign, 1)
    data["action"] = "save"
    client.post(reverse("respond_page", args=[1]), data)
    client.get(reverse("respond", args=[token]))
    resumed = client.post(reverse("respond_welcome"), {"language": "hu"}, follow=True).content.decode()
    assert Response.objects.get().language == "hu"
    first_hungarian = page.split("<legend")[1][:200]
    assert first_hungarian.split(">", 1)[1][:40] in resumed


def test_a_manager_saving_the_self_assessment_is_spoken_to_as_staff(client, manager, assessment):
    client.force_login(manager)
    client.get(reverse("self_assessment", args=[assessment.pk]))
    campaign = Response.objects.get().campaign
    data = page_answers(campaign, 1)
    data["action"] = "save"
    page = client.post(reverse("self_assessment_section", args=[assessment.pk, 1]), data).content.decode()
    assert "Continue your self-assessment" in page
    assert "anyone who has it" not in page
