"""An anonymous response has no path to a person: not in a column, not in a shared transaction (issues 10, 11)."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from assessment.invitations.services import create_invitations
from assessment.models import Invitation, Response

from ..helpers import page_answers, page_count

PERSONAL = {"invitation", "respondent", "user", "email", "token_hash", "ip", "ip_address", "address"}


def submit_by_personal_link(client, campaign) -> tuple[Response, Invitation]:
    [(_, token)], _ = create_invitations(campaign=campaign, emails=["person@example.com"])
    client.get(reverse("respond", args=[token]))
    for number in range(1, page_count(campaign) + 1):
        client.post(reverse("respond_section", args=[token, number]), page_answers(campaign, number))
    assert client.post(reverse("respond_submit", args=[token])).status_code == 302
    return Response.objects.get(), Invitation.objects.get()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submitted_anonymous_response_shares_no_transaction_with_its_invitation(client, campaign):
    assert campaign.anonymity == "anonymous"
    response, invitation = submit_by_personal_link(client, campaign)
    assert invitation.status == Invitation.Status.COMPLETED  # reminders still skip the person
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM assessment_response WHERE id = %s", [response.pk])
        response_xmin = cursor.fetchone()[0]
        cursor.execute("SELECT xmin::text FROM assessment_invitation WHERE id = %s", [invitation.pk])
        invitation_xmin = cursor.fetchone()[0]
    assert response_xmin != invitation_xmin


@pytest.mark.django_db
def test_the_rows_of_an_anonymous_response_lead_to_nobody(client, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response, _ = submit_by_personal_link(client, campaign)
    assert (response.invitation_id, response.token_hash, response.respondent_id, response.started_at) == (
        None,
        None,
        None,
        None,
    )
    midnight = response.submitted_at.replace(hour=0, minute=0, second=0, microsecond=0)
    assert response.submitted_at == midnight  # the day only


def test_no_table_that_holds_answers_has_a_column_leading_to_a_person():
    """Reads the schema: a response's own rows (answers, scores) name no invitation, user, address or IP;
    the response itself may point to an invitation only until submit (checked on the rows above)."""
    response_tables = [
        model
        for model in apps.get_app_config("assessment").get_models()
        if any(isinstance(f, models.ForeignKey) and f.related_model is Response for f in model._meta.fields)
    ]
    assert response_tables  # answers and dimension scores
    for model in response_tables:
        names = {f.name for f in model._meta.fields}
        assert not names & PERSONAL, (model.__name__, names & PERSONAL)
