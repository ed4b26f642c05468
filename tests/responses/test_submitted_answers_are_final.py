"""No answer changes after submit, wherever the page comes from (issue 8).

A page can be posted after the submit from a second tab. The views refuse a response they find submitted,
but a request that loaded the response just before another tab's submit committed gets as far as
save_answers: these tests make that happen by submitting inside the opener, and the save must refuse.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.campaigns.services import create_campaign
from assessment.instruments.selectors import questionnaire
from assessment.invitations.services import create_invitations
from assessment.models import Answer, Campaign, Response
from assessment.responses import services
from assessment.responses.selectors import response_by_token_hash
from assessment.tokens import hash_token, share_signature

from ..helpers import page_answers, page_count

pytestmark = pytest.mark.django_db


def stored_answers() -> set[tuple[int, int, int | None, bool, str]]:
    return set(Answer.objects.values_list("response_id", "item_id", "value", "not_applicable", "text"))


def answer_all_pages(client, section_url, campaign: Campaign) -> None:
    for number in range(1, page_count(campaign) + 1):
        assert client.post(section_url(number), page_answers(campaign, number, likert="4")).status_code == 302


def submitted_by_another_tab_after_opening(monkeypatch, opener_name: str) -> None:
    """The other tab's submit commits after this request loaded the response, before it saves the page."""
    real = getattr(services, opener_name)

    def opener(**kwargs):
        opened = real(**kwargs)
        response = next(x for x in opened if isinstance(x, Response)) if isinstance(opened, tuple) else opened
        services.submit_response(response=Response.objects.select_related("campaign").get(pk=response.pk))
        return opened

    monkeypatch.setattr(services, opener_name, opener)


def assert_refused(reply, before: set) -> None:
    assert reply.status_code == 410
    assert "already submitted" in reply.content.decode()
    assert stored_answers() == before


def invite(campaign: Campaign) -> str:
    created, _ = create_invitations(campaign=campaign, emails=["ann@example.com"])
    return created[0][1]


def test_save_answers_refuses_a_response_submitted_since_it_was_loaded(client, campaign):
    token = invite(campaign)
    client.get(reverse("respond", args=[token]))
    answer_all_pages(client, lambda n: reverse("respond_section", args=[token, n]), campaign)
    stale = response_by_token_hash(hash_token(token))
    services.submit_response(response=response_by_token_hash(hash_token(token)))
    before = stored_answers()
    page = questionnaire(campaign.instrument_id, campaign.group).pages[1]
    with pytest.raises(services.RespondentLinkError) as refused:
        services.save_answers(
            response=stale, items=page.items, values={item.code: None for item in page.items}, current_section=2
        )
    assert refused.value.reason == services.ALREADY_SUBMITTED
    assert stored_answers() == before
    assert Response.objects.get().current_section == page_count(campaign)


def test_personal_link_page_posted_as_another_tab_submits(client, campaign, monkeypatch):
    token = invite(campaign)
    client.get(reverse("respond", args=[token]))
    answer_all_pages(client, lambda n: reverse("respond_section", args=[token, n]), campaign)
    before = stored_answers()
    submitted_by_another_tab_after_opening(monkeypatch, "find_link")
    reply = client.post(reverse("respond_section", args=[token, 2]), page_answers(campaign, 2, likert="1"))
    assert_refused(reply, before)


def test_personal_link_page_posted_after_the_submit(client, campaign):
    token = invite(campaign)
    client.get(reverse("respond", args=[token]))
    answer_all_pages(client, lambda n: reverse("respond_section", args=[token, n]), campaign)
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    before = stored_answers()
    reply = client.post(reverse("respond_section", args=[token, 2]), page_answers(campaign, 2, likert="1"))
    assert_refused(reply, before)


@pytest.mark.parametrize("anonymity", ["anonymous", "confidential"])
def test_shareable_link_page_posted_as_another_tab_submits(client, assessment, monkeypatch, anonymity):
    campaign = create_campaign(assessment=assessment, group="customers", anonymity=anonymity)
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    token = client.get(reverse("respond_shared", args=[campaign.public_id, signature])).url.rstrip("/").split("/")[-1]
    answer_all_pages(client, lambda n: reverse("respond_section", args=[token, n]), campaign)
    before = stored_answers()
    submitted_by_another_tab_after_opening(monkeypatch, "find_link")
    reply = client.post(reverse("respond_section", args=[token, 3]), page_answers(campaign, 3, likert="1"))
    assert_refused(reply, before)


def test_shareable_link_page_posted_after_the_submit(client, assessment):
    # Anonymous too: a shareable link's token names nobody, so it is kept and answers "already submitted".
    campaign = create_campaign(assessment=assessment, group="customers", anonymity="anonymous")
    signature = share_signature(str(campaign.public_id), campaign.share_salt)
    token = client.get(reverse("respond_shared", args=[campaign.public_id, signature])).url.rstrip("/").split("/")[-1]
    answer_all_pages(client, lambda n: reverse("respond_section", args=[token, n]), campaign)
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    before = stored_answers()
    reply = client.post(reverse("respond_section", args=[token, 3]), page_answers(campaign, 3, likert="1"))
    assert_refused(reply, before)


def test_self_assessment_page_posted_as_another_tab_submits(client, manager, assessment, monkeypatch):
    client.force_login(manager)
    client.get(reverse("self_assessment", args=[assessment.pk]))
    answer_all_pages(
        client,
        lambda n: reverse("self_assessment_section", args=[assessment.pk, n]),
        Response.objects.get().campaign,
    )
    before = stored_answers()
    submitted_by_another_tab_after_opening(monkeypatch, "start_self_assessment")
    campaign = Response.objects.get().campaign
    reply = client.post(
        reverse("self_assessment_section", args=[assessment.pk, 1]), page_answers(campaign, 1, likert="1")
    )
    assert_refused(reply, before)


def test_self_assessment_page_posted_after_the_submit(client, manager, assessment):
    client.force_login(manager)
    client.get(reverse("self_assessment", args=[assessment.pk]))
    answer_all_pages(
        client,
        lambda n: reverse("self_assessment_section", args=[assessment.pk, n]),
        Response.objects.get().campaign,
    )
    assert client.post(reverse("self_assessment_submit", args=[assessment.pk])).status_code == 302
    before = stored_answers()
    campaign = Response.objects.get().campaign
    reply = client.post(
        reverse("self_assessment_section", args=[assessment.pk, 1]), page_answers(campaign, 1, likert="1")
    )
    assert_refused(reply, before)
    # Coming back to look (a GET) still leads to the assessment page, as before.
    assert client.get(reverse("self_assessment_section", args=[assessment.pk, 1])).status_code == 302
