"""Version 2's filter questions: the complaint questions are shown only to customers who say they complained."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.instruments.models import Item
from assessment.invitations.services import create_invitations
from assessment.models import Answer, Campaign, ItemTotal, Response
from assessment.responses.answers import missing_required, scored

from ..helpers import page_answers, page_count
from .test_import_responses import write
from .totals_snapshot import assert_totals_equal_a_rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.instrument(2)]

COMPLAINT_ITEMS = [
    "CUS.L2.LEARNING.4",
    "CUS.L3.STRUCTURE.4",
    "CUS.L3.CONVENIENCE.4",
    "CUS.L3.SPEED.4",
    "CUS.L3.DELIGHT.4",
]
COMPLAINT_TEXT = "took the problem I raised seriously"  # CUS.L2.LEARNING.4's wording


def start(client, campaign: Campaign) -> str:
    created, _ = create_invitations(campaign=campaign, emails=["cus@example.com"])
    token = created[0][1]
    client.get(reverse("respond", args=[token]))
    return token


def post_page(client, token: str, campaign: Campaign, number: int, **answers: str) -> None:
    data = page_answers(campaign, number)
    data.update({code.replace(".", "_"): value for code, value in answers.items()})
    reply = client.post(reverse("respond_section", args=[token, number]), data)
    assert reply.status_code == 302, reply.content.decode()[:2000]


def answer_complained(client, token: str, campaign: Campaign, complained: str) -> None:
    post_page(client, token, campaign, 1, CUS_COMPLAINED=complained)


# Hand example, on page 2: LEARNING.1 = 5 (100), LEARNING.2 = 4 (75), LEARNING.3 "don't know",
# and behind the filter LEARNING.4 = 1 (0).
LEARNING = {"CUS.L2.LEARNING.1": "5", "CUS.L2.LEARNING.2": "4", "CUS.L2.LEARNING.3": "na", "CUS.L2.LEARNING.4": "1"}


def learning_score(response: Response) -> float | None:
    score = response.dimension_scores.filter(dimension__code="L2.LEARNING").first()
    return score.score if score else None


def complaint_answers(response: Response) -> set[str]:
    return set(
        Answer.objects.filter(response=response, item__code__in=COMPLAINT_ITEMS).values_list("item__code", flat=True)
    )


def test_a_customer_who_did_not_complain_never_sees_the_complaint_questions(client, campaign):
    token = start(client, campaign)
    answer_complained(client, token, campaign, "no")
    page = client.get(reverse("respond_section", args=[token, 2])).content.decode()
    assert 'name="CUS_L2_LEARNING_1"' in page
    for code in COMPLAINT_ITEMS:
        assert f'name="{code.replace(".", "_")}"' not in page
    # A posted value for a question not shown (a forged or stale form) is not stored.
    post_page(client, token, campaign, 2, **{code.replace(".", "_"): "5" for code in COMPLAINT_ITEMS})
    for number in range(3, page_count(campaign) + 1):
        post_page(client, token, campaign, number)
    review = client.get(reverse("respond_review", args=[token])).content.decode()
    assert COMPLAINT_TEXT not in review
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    response = Response.objects.get()
    assert response.is_submitted
    assert complaint_answers(response) == set()


def test_a_customer_who_complained_sees_and_answers_them(client, campaign):
    token = start(client, campaign)
    answer_complained(client, token, campaign, "yes")
    page = client.get(reverse("respond_section", args=[token, 2])).content.decode()
    for code in COMPLAINT_ITEMS:
        assert f'name="{code.replace(".", "_")}"' in page
    post_page(client, token, campaign, 2, **{code.replace(".", "_"): value for code, value in LEARNING.items()})
    for number in range(3, page_count(campaign) + 1):
        post_page(client, token, campaign, number)
    assert COMPLAINT_TEXT in client.get(reverse("respond_review", args=[token])).content.decode()
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    response = Response.objects.get()
    assert complaint_answers(response) == set(COMPLAINT_ITEMS)
    # 100, 75 and 0 of four questions shown: (100 + 75 + 0) / 3.
    assert learning_score(response) == pytest.approx(175 / 3)
    assert_totals_equal_a_rebuild(campaign)


def test_answers_hidden_by_a_changed_filter_answer_are_dropped_at_submit(client, campaign):
    token = start(client, campaign)
    answer_complained(client, token, campaign, "yes")
    post_page(client, token, campaign, 2, **{code.replace(".", "_"): value for code, value in LEARNING.items()})
    for number in range(3, page_count(campaign) + 1):
        post_page(client, token, campaign, number)
    answer_complained(client, token, campaign, "no")  # back to page 1, changed
    assert COMPLAINT_TEXT not in client.get(reverse("respond_review", args=[token])).content.decode()
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    response = Response.objects.get()
    assert complaint_answers(response) == set()
    # Only 100 and 75 count now, of three questions shown: 87.5.
    assert learning_score(response) == 87.5
    assert not ItemTotal.objects.filter(campaign=campaign, item__code__in=COMPLAINT_ITEMS).exists()
    assert_totals_equal_a_rebuild(campaign)


def test_page_and_submit_query_counts_with_a_filter(client, campaign, django_assert_max_num_queries):
    token = start(client, campaign)
    for number in range(1, page_count(campaign) + 1):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("respond_section", args=[token, number])).status_code == 200
        with django_assert_max_num_queries(15):
            post_page(client, token, campaign, number)
    with django_assert_max_num_queries(15):
        assert client.post(reverse("respond_submit", args=[token])).status_code == 302


def test_import_applies_the_filter_per_row(assessment, tmp_path):
    content = (
        "CUS.COMPLAINED,CUS.L2.LEARNING.1,CUS.L2.LEARNING.2,CUS.L2.LEARNING.3,CUS.L2.LEARNING.4\n"
        "yes,5,4,NA,1\n"
        "no,5,4,NA,1\n"
        ",5,4,NA,1\n"
    )
    out = io.StringIO()
    call_command(
        "import_responses",
        "--assessment",
        str(assessment.pk),
        "--group",
        "customers",
        str(write(tmp_path, content)),
        stdout=out,
    )
    complained, did_not, blank = Response.objects.order_by("pk")
    assert learning_score(complained) == pytest.approx(175 / 3)
    assert complaint_answers(complained) == {"CUS.L2.LEARNING.4"}
    assert learning_score(did_not) == learning_score(blank) == 87.5
    assert complaint_answers(did_not) == complaint_answers(blank) == set()
    assert_totals_equal_a_rebuild(complained.campaign)


def test_a_hidden_required_question_is_not_required():
    # Unsaved items, as a draft instrument could have them: required questions behind a filter, one behind another.
    asked = Item(pk=1, code="F", type=Item.Type.SINGLE, required=True)
    behind = Item(pk=2, code="B", type=Item.Type.SINGLE, required=True, shown_if={"item": "F", "values": ["yes"]})
    further = Item(pk=3, code="C", type=Item.Type.TEXT, required=True, shown_if={"item": "B", "values": ["x"]})
    items = [asked, behind, further]
    # "no" after an earlier "yes": the stale answer to B opens nothing.
    said_no = scored(items, [Answer(item=asked, choices=["no"]), Answer(item=behind, choices=["x"])])
    assert said_no.shown == (asked,)
    assert [a.item_id for a in said_no.answers] == [1]
    assert missing_required(said_no.shown, {1}) == []
    said_yes = scored(items, [Answer(item=asked, choices=["yes"])])
    assert missing_required(said_yes.shown, {1}) == [behind]
