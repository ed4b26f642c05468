"""Nothing one request builds is shared with another: form fields per form, caches through Django's cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessment.instruments.selectors import questionnaire, questionnaire_cache_key
from assessment.instruments.services import create_draft_instrument
from assessment.models import Instrument
from assessment.responses.forms import SectionForm, field_name
from assessment.responses.selectors import organisation_name

pytestmark = pytest.mark.django_db


def test_two_forms_of_the_same_page_share_no_field(campaign):
    items = questionnaire(campaign.instrument_id, campaign.group).pages[1].items
    first = SectionForm({}, items=items, organisation_name="Acme")
    second = SectionForm(items=items, organisation_name="Acme")
    name = field_name(items[0])
    assert first.fields[name] is not second.fields[name]
    assert first.fields[name].widget is not second.fields[name].widget
    first.fields[name].widget.attrs["data-mine"] = "1"
    first.fields[name].label = "Changed for one respondent"
    assert not first.is_valid()  # validating the first form leaves the second untouched
    assert "data-mine" not in second.fields[name].widget.attrs
    assert second.fields[name].label != "Changed for one respondent"


def test_a_published_questionnaire_is_kept_in_the_cache_and_a_draft_is_not(campaign):
    published = questionnaire(campaign.instrument_id, campaign.group)
    assert cache.get(questionnaire_cache_key(campaign.instrument_id, campaign.group)) == published
    draft = create_draft_instrument(source=Instrument.objects.get(pk=campaign.instrument_id))
    questionnaire(draft.pk, campaign.group)
    assert cache.get(questionnaire_cache_key(draft.pk, campaign.group)) is None


def test_a_renamed_organisation_shows_its_new_name_to_respondents_at_once(client, campaign):
    from assessment.invitations.services import create_invitations

    assert organisation_name(campaign.assessment_id) == "Acme Bakery"
    organisation = campaign.assessment.organisation
    organisation.name = "Acme Bakery & Café"
    organisation.save()
    assert organisation_name(campaign.assessment_id) == "Acme Bakery & Café"
    [(_, token)], _ = create_invitations(campaign=campaign, emails=["reader@example.com"])
    page = client.get(reverse("respond_section", args=[token, 2]), follow=True).content.decode()
    assert "Acme Bakery &amp; Café" in page


def test_an_unreachable_redis_is_a_cache_miss_not_an_error():
    import time

    from assessment.cache import ForgivingRedisCache

    down = ForgivingRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    started = time.monotonic()
    assert down.get("questionnaire:1:customers:en", "missed") == "missed"
    down.set("key", "value")
    assert down.add("limit", 1) is True
    assert time.monotonic() - started < 5
