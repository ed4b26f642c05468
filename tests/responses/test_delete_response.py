"""Deleting a response takes it out of the running totals in the same transaction (issue 8)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Answer, Response, ResponseDimensionScore
from assessment.responses.services import delete_response, start_shared_response
from assessment.tokens import share_signature

from ..factories import submit_many
from .totals_snapshot import assert_totals_equal_a_rebuild, totals_of

pytestmark = pytest.mark.django_db


def exported_n(assessment, group: str) -> int:
    out = io.StringIO()
    call_command("export_results", "--assessment", str(assessment.pk), stdout=out)
    return json.loads(out.getvalue())["groups"][group]["n"]


def test_deleting_one_of_n_submitted_responses_equals_a_rebuild(assessment):
    submit_many(assessment, "customers", 12, seed=3)
    campaign = assessment.campaigns.get(group="customers")
    assert exported_n(assessment, "customers") == 12
    victim = Response.objects.filter(campaign=campaign).order_by("pk")[5]
    before = totals_of(campaign)

    delete_response(response=victim)

    assert not Response.objects.filter(pk=victim.pk).exists()
    assert not Answer.objects.filter(response_id=victim.pk).exists()
    assert not ResponseDimensionScore.objects.filter(response_id=victim.pk).exists()
    assert totals_of(campaign) != before
    rebuilt = assert_totals_equal_a_rebuild(campaign)
    assert rebuilt["response", ""] == (11,)
    assert exported_n(assessment, "customers") == 11


def test_deleting_the_only_response_in_a_segment_drops_its_rows(assessment):
    submit_many(assessment, "customers", 6, seed=5)
    campaign = assessment.campaigns.get(group="customers")
    government = list(Response.objects.filter(campaign=campaign, customer_type="government"))
    assert government and ("response", "customer_type=government") in totals_of(campaign)
    for response in government:
        delete_response(response=response)
    rebuilt = assert_totals_equal_a_rebuild(campaign)
    assert not any(key[-1] == "customer_type=government" for key in rebuilt)


def test_deleting_an_unfinished_response_leaves_the_totals_alone(assessment):
    submit_many(assessment, "customers", 6, seed=6)
    campaign = assessment.campaigns.get(group="customers")
    unfinished, _ = start_shared_response(
        campaign_public_id=str(campaign.public_id),
        signature=share_signature(str(campaign.public_id), campaign.share_salt),
    )
    before = totals_of(campaign)
    delete_response(response=unfinished)
    assert totals_of(campaign) == before
    assert Response.objects.filter(campaign=campaign).count() == 6


def test_admin_deletes_through_the_service(client, django_user_model, assessment):
    submit_many(assessment, "employees", 8, seed=7)
    campaign = assessment.campaigns.get(group="employees")
    chosen = list(Response.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)[:2])
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-tests-1"))
    changelist = reverse("admin:assessment_response_changelist")

    confirm = client.post(changelist, {"action": "delete_selected", "_selected_action": chosen})
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    reply = client.post(changelist, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"})
    assert reply.status_code == 302
    assert not Response.objects.filter(pk__in=chosen).exists()
    assert assert_totals_equal_a_rebuild(campaign)["response", ""] == (6,)

    # One response from its own page, too.
    one = Response.objects.filter(campaign=campaign).first()
    url = reverse("admin:assessment_response_delete", args=[one.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert assert_totals_equal_a_rebuild(campaign)["response", ""] == (5,)
    # Still read-only otherwise.
    assert client.get(reverse("admin:assessment_response_add")).status_code == 403


def test_staff_without_the_delete_permission_cannot_delete(client, django_user_model, assessment):
    from django.contrib.auth.models import Permission

    submit_many(assessment, "employees", 5, seed=8)
    staff = django_user_model.objects.create_user("staffer", password="pw-for-tests-1", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_response"))
    client.force_login(staff)
    response = Response.objects.first()
    url = reverse("admin:assessment_response_delete", args=[response.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Response.objects.count() == 5
