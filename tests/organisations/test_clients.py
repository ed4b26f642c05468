"""A consultancy's clients: creating them, inviting their people, the audit log, export and delete whole (issue 12)."""

import io
import json
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.models import AuditEvent, Consultancy, Membership, Organisation, Response

from ..factories import submit_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(django_user_model, organisation):
    user = django_user_model.objects.create_user(username="adviser", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Clearview")
    consultancy.consultants.add(user)
    organisation.consultancy = consultancy
    organisation.save()
    return user


def test_create_organisation_command_with_a_consultancy():
    out = io.StringIO()
    call_command("create_organisation", "Bazar Kft.", "--consultancy", "Clearview", "--language", "hu", stdout=out)
    organisation = Organisation.objects.get(pk=int(out.getvalue()))
    assert (organisation.name, organisation.consultancy.name, organisation.language) == (
        "Bazar Kft.",
        "Clearview",
        "hu",
    )
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_organisation", "bazar kft.", stdout=io.StringIO())


def test_a_consultant_creates_a_client_and_switches_between_clients(client, consultant, organisation):
    client.force_login(consultant)
    consultancy = consultant.consultancies.get()
    reply = client.post(
        reverse("organisation_create"), {"name": "Aurora SpA", "consultancy": consultancy.pk, "language": "it"}
    )
    aurora = Organisation.objects.get(name="Aurora SpA")
    assert reply.status_code == 302 and reply.url == reverse("organisation_members", args=[aurora.pk])
    page = client.get(reverse("home")).content.decode()
    assert f'href="#org-{aurora.pk}"' in page and f'href="#org-{organisation.pk}"' in page
    assert AuditEvent.objects.filter(organisation=aurora, action="created", username="adviser").exists()


def test_a_manager_is_offered_no_new_client_form(client, manager):
    client.force_login(manager)
    assert "New client organisation" not in client.get(reverse("home")).content.decode()


def test_inviting_a_manager_sends_an_account_set_up_link(client, consultant, organisation):
    client.force_login(consultant)
    url = reverse("organisation_members", args=[organisation.pk])
    reply = client.post(url, {"email": "Anna@Example.com", "role": "manager"})
    assert reply.status_code == 302
    membership = Membership.objects.get(user__email="anna@example.com")
    assert (membership.organisation, membership.role) == (organisation, "manager")
    assert not membership.user.has_usable_password()
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    password = "Chosen-by-Anna-2026"
    client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    client.logout()
    assert client.post(reverse("login"), {"username": "anna@example.com", "password": password}).status_code == 302
    client.force_login(consultant)
    assert "active" in client.get(url).content.decode()  # Anna has chosen her password
    again = client.post(url, {"email": "anna@example.com", "role": "hr"})
    assert again.status_code == 400
    assert "already a member" in again.content.decode()


def test_hr_and_outsiders_cannot_invite(client, hr_user, outsider, organisation):
    url = reverse("organisation_members", args=[organisation.pk])
    client.force_login(hr_user)
    assert client.post(url, {"email": "x@example.com", "role": "manager"}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, {"email": "x@example.com", "role": "manager"}).status_code == 404
    assert not Membership.objects.filter(user__email="x@example.com").exists()


def test_the_audit_log_shows_exports_and_changes_to_managers_only(client, manager, hr_user, organisation):
    client.force_login(manager)
    client.get(reverse("organisation_export", args=[organisation.pk]))
    page = client.get(reverse("organisation_audit", args=[organisation.pk])).content.decode()
    assert "all data" in page and "owner" in page
    client.force_login(hr_user)
    assert client.get(reverse("organisation_audit", args=[organisation.pk])).status_code == 403


def test_the_whole_export_holds_every_table_without_response_ids(client, manager, assessment, organisation):
    submit_many(assessment, "employees", 6)
    client.force_login(manager)
    reply = client.get(reverse("organisation_export", args=[organisation.pk]))
    data = json.loads(b"".join(reply.streaming_content))
    assert data["organisation"]["name"] == organisation.name
    assert {m["user__username"] for m in data["members"]} == {"owner"}
    assert len(data["responses"]) == 6
    ids = set(Response.objects.values_list("pk", flat=True))
    assert all("id" not in row for row in data["responses"])
    assert sorted(row["number"] for row in data["responses"]) == list(range(1, 7))
    assert all(row["answers"] for row in data["responses"])
    assert ids  # responses exist, but none of their ids is in the file


def test_deleting_an_organisation_needs_its_name_and_removes_everything(client, manager, assessment, organisation):
    submit_many(assessment, "employees", 6)
    client.force_login(manager)
    url = reverse("organisation_delete", args=[organisation.pk])
    assert client.post(url, {"confirm_name": "acme"}).status_code == 400
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    reply = client.post(url, {"confirm_name": organisation.name})
    assert reply.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Response.objects.exists()
    event = AuditEvent.objects.get(action="deleted")
    assert (event.organisation, event.organisation_name) == (None, "Acme Bakery")
