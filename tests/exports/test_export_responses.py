"""The responses export (PRODUCT.md section 6): formula cells escaped, the anonymity mode respected, HR's
groups only, suppressed groups left out, streamed in a bounded number of queries."""

from __future__ import annotations

import re

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from assessment.campaigns.services import create_campaign
from assessment.models import Answer, Campaign, Invitation, Item, Response
from assessment.responses.models import SEGMENT_FIELDS

from ..factories import submit_many
from .exporting import by_header, csv_rows, submit_texts, xlsx_rows

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\t=1"]
IDENTIFYING = {"id", "pk", "email", "token", "token_hash", "invitation", "respondent", "user", "submitted_at", "time"}


def export(client, assessment, fmt="csv"):
    return client.get(reverse("export_responses", args=[assessment.pk, fmt]))


@pytest.fixture
def formulas(assessment):
    return submit_texts(assessment, "customers", FORMULAS)


def test_formula_cells_are_escaped_in_csv(client, manager, formulas):
    client.force_login(manager)
    rows = by_header(csv_rows(export(client, formulas.assessment)))
    assert sorted(row["CUS.TEXT"] for row in rows) == sorted("'" + text for text in FORMULAS)
    assert {row["CUS.L1.SKILLS.1"] for row in rows} == {"4"}


def test_formula_cells_are_escaped_in_xlsx_and_stored_as_text(client, manager, formulas):
    client.force_login(manager)
    reply = export(client, formulas.assessment, "xlsx")
    assert isinstance(reply, FileResponse)
    assert reply["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = by_header(xlsx_rows(reply))
    assert sorted(row["CUS.TEXT"] for row in rows) == sorted("'" + text for text in FORMULAS)
    # Numbers stay numbers; openpyxl reads a formula cell back as its "=..." text, so none is left.
    assert {row["CUS.L1.SKILLS.1"] for row in rows} == {4}
    assert not any(str(value).startswith("=") for row in rows for value in row.values())


def test_an_anonymous_campaign_shows_nobody_and_no_order(client, manager, assessment):
    texts = [f"answer {n:02}" for n in range(30)]
    campaign = submit_texts(assessment, "customers", texts)
    assert campaign.anonymity == Campaign.Anonymity.ANONYMOUS
    client.force_login(manager)
    rows = csv_rows(export(client, assessment))
    header = rows[0]
    assert not IDENTIFYING & set(header)
    assert header[:3] == ["group", "row", "submitted"] and header[3:8] == list(SEGMENT_FIELDS)
    body = by_header(rows)
    assert [row["row"] for row in body] == [str(n) for n in range(1, 31)]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["submitted"]) for row in body)
    # Imported in the order of `texts`, so submit order is id order; each export has an order of its own.
    exported = [row["CUS.TEXT"] for row in body]
    assert sorted(exported) == texts and exported != texts
    again = [row["CUS.TEXT"] for row in by_header(csv_rows(export(client, assessment)))]
    assert again != exported


@pytest.mark.parametrize("anonymity", [Campaign.Anonymity.CONFIDENTIAL, Campaign.Anonymity.IDENTIFIED])
def test_only_an_identified_campaign_shows_the_invitations_email(client, manager, assessment, anonymity):
    campaign = create_campaign(assessment=assessment, group="employees", anonymity=anonymity)
    submit_texts(assessment, "employees", [f"note {n}" for n in range(5)])
    for n, response in enumerate(Response.objects.order_by("pk")):
        invitation = Invitation.objects.create(campaign=campaign, email=f"person{n}@example.com")
        Response.objects.filter(pk=response.pk).update(invitation=invitation)
    client.force_login(manager)
    rows = by_header(csv_rows(export(client, assessment)))
    if anonymity == Campaign.Anonymity.IDENTIFIED:
        # Not anonymous, so in submit order, each with the address its link was sent to.
        assert [row["email"] for row in rows] == [f"person{n}@example.com" for n in range(5)]
        assert [row["EMP.TEXT"] for row in rows] == [f"note {n}" for n in range(5)]
    else:
        assert "email" not in rows[0]
        assert not any("@example.com" in value for row in rows for value in row.values())


def test_hr_gets_employees_only(client, hr_user, manager, assessment):
    submit_many(assessment, "employees", 6, seed=1)
    submit_many(assessment, "customers", 7, seed=2)
    client.force_login(hr_user)
    header, *body = csv_rows(export(client, assessment))
    assert {row[0] for row in body} == {"employees"} and len(body) == 6
    assert not any(name.startswith("CUS.") for name in header)
    client.force_login(manager)
    body = by_header(csv_rows(export(client, assessment)))
    assert [row["group"] for row in body] == ["customers"] * 7 + ["employees"] * 6


def test_groups_below_the_anonymity_threshold_are_left_out(client, manager, assessment):
    submit_many(assessment, "employees", 5, seed=1)
    submit_many(assessment, "partners", 4, seed=2)
    submit_many(assessment, "management", 1, seed=3)
    client.force_login(manager)
    header, *body = csv_rows(export(client, assessment))
    # Management is exempt from the threshold: one manager's self-assessment is its main use.
    assert [row[0] for row in body] == ["employees"] * 5 + ["management"]
    assert not any(name.startswith("PAR.") for name in header)
    note, *rows = xlsx_rows(export(client, assessment, "xlsx"))
    assert note[0] == "Left out, fewer submitted responses than the anonymity threshold: partners."
    assert rows[0] == header and len(rows) == 7


def test_values_are_written_as_import_responses_reads_them(client, manager, campaign):
    submit_many(campaign.assessment, "customers", 5, seed=4)
    first = Response.objects.order_by("pk").first()
    Answer.objects.filter(response=first, item__code="CUS.L1.SKILLS.1").update(value=None, not_applicable=True)
    Answer.objects.create(
        response=first,
        item=Item.objects.get(instrument=campaign.instrument, code="CUS.CHANNELS"),
        choices=["phone", "email"],
    )
    client.force_login(manager)
    rows = by_header(csv_rows(export(client, campaign.assessment)))
    assert sum(row["CUS.L1.SKILLS.1"] == "NA" for row in rows) == 1
    assert [row["CUS.CHANNELS"] for row in rows if row["CUS.CHANNELS"]] == ["phone;email"]
    assert {row["CUS.NPS"] for row in rows} <= {str(n) for n in range(11)}
    assert all(row["customer_type"] == row["CUS.SEG.CUSTOMER_TYPE"] for row in rows)


@pytest.mark.instrument(2)
def test_answers_hidden_by_the_respondents_filter_question_are_left_out(client, manager, assessment):
    submit_texts(assessment, "customers", [f"c{n}" for n in range(5)])
    response = Response.objects.order_by("pk").first()
    items = {item.code: item for item in Item.objects.filter(instrument__version=2, audience="customers")}
    # A stale answer, kept after the respondent said they never complained.
    Answer.objects.create(response=response, item=items["CUS.COMPLAINED"], choices=["no"])
    Answer.objects.create(response=response, item=items["CUS.L2.LEARNING.4"], value=5)
    client.force_login(manager)
    rows = by_header(csv_rows(export(client, assessment)))
    assert [row["CUS.COMPLAINED"] for row in rows if row["CUS.COMPLAINED"]] == ["no"]
    assert not any(row["CUS.L2.LEARNING.4"] for row in rows)


def test_the_filename_is_an_ascii_slug_of_organisation_and_title(client, manager, assessment, organisation):
    organisation.name = "Café Ünïcode & Sons"
    organisation.save()
    client.force_login(manager)
    reply = export(client, assessment)
    assert reply["Content-Disposition"] == 'attachment; filename="cafe-unicode-sons-2026-q4-responses.csv"'
    reply = client.get(reverse("export_results", args=[assessment.pk, "xlsx"]))
    assert reply["Content-Disposition"] == 'attachment; filename="cafe-unicode-sons-2026-q4-results.xlsx"'


def test_two_thousand_responses_stream_in_a_bounded_number_of_queries(
    client, manager, assessment, django_assert_max_num_queries
):
    submit_many(assessment, "employees", 2000, seed=7)
    client.force_login(manager)
    # Session and user, the access check, the result (for suppression), the questionnaire, then one query
    # for the responses and one per chunk of 1,000 for their answers: never one per response.
    with django_assert_max_num_queries(20):
        reply = export(client, assessment)
        assert isinstance(reply, StreamingHttpResponse)
        pieces = list(reply.streaming_content)
    assert len(pieces) > 2  # sent in pieces as it is written, not built whole first
    lines = b"".join(pieces).decode("utf-8-sig").splitlines()
    assert len(lines) == 2001
