"""Names that must show on screen (assessment/names.py): an organisation, an assessment or an action named only
with invisible characters, or with the controls that reverse a text's direction, is refused with a message by
the field; the marks right-to-left text uses are kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.models import Action, Assessment, Organisation
from assessment.names import check_name
from assessment.organisations.services import create_organisation

from .organisations.test_clients import consultant  # noqa: F401

ZERO_WIDTH_SPACE, RIGHT_TO_LEFT_OVERRIDE, RIGHT_TO_LEFT_MARK = "\u200b", "\u202e", "\u200f"


@pytest.mark.parametrize(
    "name", [ZERO_WIDTH_SPACE, ZERO_WIDTH_SPACE * 3 + "\u2060", f"Acme{RIGHT_TO_LEFT_OVERRIDE}tfel"]
)
def test_invisible_and_reversing_names_are_refused(name):
    with pytest.raises(ValidationError):
        check_name(name)


@pytest.mark.parametrize(
    "name", ["Northwind Services", "Duna Szerviz Kft.", f"شركة النور{RIGHT_TO_LEFT_MARK}", "2026 Q4"]
)
def test_names_people_write_are_kept(name):
    check_name(name)


@pytest.mark.django_db
def test_a_consultant_cannot_create_a_client_with_a_blank_looking_name(client, consultant, organisation):  # noqa: F811
    client.force_login(consultant)
    consultancy = organisation.consultancy
    reply = client.post(
        reverse("organisation_create"), {"name": ZERO_WIDTH_SPACE, "consultancy": consultancy.pk, "language": "en"}
    )
    assert reply.status_code in (200, 400) and "letters or digits that show" in reply.content.decode()
    assert not Organisation.objects.filter(name=ZERO_WIDTH_SPACE).exists()
    with pytest.raises(ValidationError):
        create_organisation(name=f"Evil{RIGHT_TO_LEFT_OVERRIDE}gnp.exe")


@pytest.mark.django_db
def test_an_assessment_or_an_action_with_a_reversing_title_is_refused(client, manager, organisation, assessment):
    client.force_login(manager)
    reply = client.post(reverse("assessment_create", args=[organisation.pk]), {"title": f"Q4{RIGHT_TO_LEFT_OVERRIDE}"})
    assert "change the direction of the text" in reply.content.decode()
    assert not Assessment.objects.filter(title__contains=RIGHT_TO_LEFT_OVERRIDE).exists()
    client.post(
        reverse("action_create", args=[assessment.pk]), {"dimension": "L1.LEAD", "title": ZERO_WIDTH_SPACE, "stage": 1}
    )
    assert not Action.objects.filter(title=ZERO_WIDTH_SPACE).exists()


def test_the_admin_refuses_them_too():
    organisation = Organisation(name=ZERO_WIDTH_SPACE)
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean(exclude=["consultancy"], validate_unique=False)
    assert "name" in refused.value.message_dict
