"""Exports are staff pages: login required, another organisation's assessment is not found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .exporting import submit_texts

pytestmark = pytest.mark.django_db

EXPORTS = [
    ("export_responses", "csv", ""),
    ("export_responses", "xlsx", ""),
    ("export_results", "csv", ""),
    ("export_results", "xlsx", ""),
    ("export_results", "csv", "?published=1"),
]


@pytest.fixture
def surveyed(assessment):
    submit_texts(assessment, "customers", ["Great bread"] * 5)
    return assessment


@pytest.mark.parametrize(("name", "fmt", "query"), EXPORTS)
def test_an_anonymous_visitor_is_sent_to_log_in(client, surveyed, name, fmt, query):
    reply = client.get(reverse(name, args=[surveyed.pk, fmt]) + query)
    assert reply.status_code == 302
    assert reply.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "fmt", "query"), EXPORTS)
def test_another_organisations_member_gets_404(client, outsider, surveyed, name, fmt, query):
    client.force_login(outsider)
    reply = client.get(reverse(name, args=[surveyed.pk, fmt]) + query)
    assert reply.status_code == 404
    assert b"Great bread" not in reply.content and b"Acme" not in reply.content


def test_a_missing_assessment_and_an_unknown_format_get_404(client, manager, surveyed):
    client.force_login(manager)
    assert client.get(reverse("export_responses", args=[surveyed.pk + 1000, "csv"])).status_code == 404
    assert client.get(f"/assessments/{surveyed.pk}/export/responses.json").status_code == 404


def test_without_a_published_result_the_published_export_is_not_found(client, manager, surveyed):
    client.force_login(manager)
    assert client.get(reverse("export_results", args=[surveyed.pk, "csv"]) + "?published=1").status_code == 404


def test_exports_are_read_only(client, manager, surveyed):
    client.force_login(manager)
    assert client.post(reverse("export_responses", args=[surveyed.pk, "csv"])).status_code == 405
