"""A report is produced in its organisation's language, chosen on the organisation's settings page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.languages.services import set_language_of
from assessment.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _html_tag(page) -> str:
    html = page.content.decode()
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_the_report_follows_the_organisations_language_not_the_readers(client, manager, assessment):
    Organisation.objects.filter(pk=assessment.organisation_id).update(language="ar")
    set_language_of(user=manager, language="hu")
    client.force_login(manager)
    page = client.get(reverse("report", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="it")
    assert page.status_code == 200
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    # The rest of the interface stays in the reader's language.
    assert _html_tag(client.get(reverse("home"))) == '<html lang="hu" dir="ltr">'


def test_an_english_organisations_report_is_in_english_for_a_hungarian_reader(client, manager, assessment):
    set_language_of(user=manager, language="hu")
    client.force_login(manager)
    page = client.get(reverse("report", args=[assessment.pk]))
    assert _html_tag(page) == '<html lang="en" dir="ltr">'


def test_a_manager_sets_the_language_of_the_reports(client, manager, organisation):
    client.force_login(manager)
    url = reverse("organisation_settings", args=[organisation.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"language": "it"})
    assert page.status_code == 302
    organisation.refresh_from_db()
    assert organisation.language == "it"


def test_the_dashboard_links_to_the_settings_for_managers_only(client, manager, hr_user, organisation):
    url = reverse("organisation_settings", args=[organisation.pk])
    client.force_login(manager)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(hr_user)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()


def test_an_unknown_language_is_refused(client, manager, organisation):
    client.force_login(manager)
    page = client.post(reverse("organisation_settings", args=[organisation.pk]), {"language": "xx"})
    assert page.status_code == 400
    organisation.refresh_from_db()
    assert organisation.language == "en"


def test_hr_may_not_change_the_settings(client, hr_user, organisation):
    client.force_login(hr_user)
    url = reverse("organisation_settings", args=[organisation.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "ar"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.language == "en"


def test_another_organisations_settings_are_not_found(client, outsider, organisation):
    client.force_login(outsider)
    url = reverse("organisation_settings", args=[organisation.pk])
    assert client.post(url, {"language": "ar"}).status_code == 404
    organisation.refresh_from_db()
    assert organisation.language == "en"
