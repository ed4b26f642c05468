"""Error pages in the site's layout, each saying what to do next (issue 9)."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("400", "check what you entered"),
        ("403", "belongs to another role"),
        ("404", "could not find that page"),
        ("429", "Wait a minute"),
        ("500", "what you saved before is safe"),
    ],
)
def test_each_error_page_uses_the_layout_and_says_what_to_do(code, says):
    page = render_to_string(f"{code}.html")
    assert says in page
    assert 'id="main"' in page and "navbar" in page  # the site's layout
    assert f"Error {code}" in page
    assert reverse("home") in page


def test_the_500_handler_renders_without_a_request_context():
    reply = defaults.server_error(RequestFactory().get("/"))
    assert reply.status_code == 500
    assert "Something went wrong" in reply.content.decode()


def test_a_missing_page_and_a_forbidden_action_answer_in_the_layout(client, settings, hr_user, organisation):
    settings.DEBUG = False
    assert "We could not find that page" in client.get("/no/such/page/").content.decode()
    client.force_login(hr_user)
    reply = client.post(reverse("assessment_create", args=[organisation.pk]), {"title": "Not mine to create"})
    assert reply.status_code == 403
    assert "Your role does not allow this" in reply.content.decode()
