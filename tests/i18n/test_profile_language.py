"""Staff choose the interface language in their profile; respondents keep their own choice."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.invitations.services import create_invitations
from assessment.languages.selectors import language_of
from assessment.languages.services import set_language_of
from assessment.models import Response
from assessment.organisations.models import Profile

pytestmark = pytest.mark.django_db


def _html_tag(page) -> str:
    html = page.content.decode()
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_set_language_of_creates_then_changes_the_profile(manager):
    assert language_of(manager) is None
    set_language_of(user=manager, language="it")
    set_language_of(user=manager, language="hu")
    assert Profile.objects.get(user=manager).language == "hu"
    assert language_of(manager) == "hu"


def test_set_language_of_refuses_a_language_the_site_does_not_have(manager):
    with pytest.raises(ValidationError):
        set_language_of(user=manager, language="xx")
    assert not Profile.objects.filter(user=manager).exists()


def test_profile_page_needs_a_login(client):
    page = client.get(reverse("profile"))
    assert page.status_code == 302
    assert reverse("login") in page["Location"]


def test_the_navbar_links_to_the_profile(client, manager):
    client.force_login(manager)
    assert f'href="{reverse("profile")}"' in client.get(reverse("home")).content.decode()


def test_choosing_a_language_in_the_profile_switches_the_interface(client, manager):
    client.force_login(manager)
    page = client.post(reverse("profile"), {"language": "ar"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Profile.objects.get(user=manager).language == "ar"
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    assert page["Content-Language"] == "ar"
    # Every later page too, whatever the browser asks for.
    assert _html_tag(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="it")) == '<html lang="ar" dir="rtl">'


def test_an_unknown_language_is_refused_on_the_profile_page(client, manager):
    client.force_login(manager)
    page = client.post(reverse("profile"), {"language": "xx"})
    assert page.status_code == 400
    assert not Profile.objects.filter(user=manager).exists()


def test_the_profile_language_applies_from_the_next_login(client, manager):
    set_language_of(user=manager, language="hu")
    client.force_login(manager)
    assert _html_tag(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="it")) == '<html lang="hu" dir="ltr">'


def test_without_a_profile_the_browser_language_applies(client, manager):
    client.force_login(manager)
    assert _html_tag(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="it")) == '<html lang="it" dir="ltr">'


def test_signing_out_leaves_the_profile_language_behind(client, manager):
    set_language_of(user=manager, language="hu")
    client.force_login(manager)
    client.post(reverse("logout"))
    assert _html_tag(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="it")) == '<html lang="it" dir="ltr">'


@pytest.mark.instrument(2)  # the version translated into Arabic
def test_a_respondent_page_keeps_the_respondents_language_for_a_signed_in_stranger(client, campaign, outsider):
    """Staff of another organisation may answer as anyone else; their profile does not change the survey."""
    set_language_of(user=outsider, language="hu")
    client.force_login(outsider)
    (_, token), *_ = create_invitations(campaign=campaign, emails=["a@example.com"])[0]
    client.get(reverse("respond", args=[token]))
    client.post(reverse("respond_welcome"), {"language": "ar"})
    assert Response.objects.get().language == "ar"
    page = client.get(reverse("respond_page", args=[1]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    # The page after the last one (no response in its address) follows the cookie the survey set.
    assert _html_tag(client.get(reverse("respond_done"))) == '<html lang="ar" dir="rtl">'


@pytest.mark.instrument(2)  # the version translated into Arabic
def test_a_respondent_resuming_gets_the_language_chosen_before(client, campaign):
    (_, token), *_ = create_invitations(campaign=campaign, emails=["b@example.com"])[0]
    client.get(reverse("respond", args=[token]))
    client.post(reverse("respond_welcome"), {"language": "ar"})
    client.get(reverse("respond_page", args=[1]))
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # as if the browser had forgotten it
    client.get(reverse("respond", args=[token]))
    welcome = client.get(reverse("respond_welcome"), HTTP_ACCEPT_LANGUAGE="it")
    assert _html_tag(welcome) == '<html lang="ar" dir="rtl">'
