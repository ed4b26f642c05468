"""The Content-Security-Policy header, built once for the site (assessment/security.py) and, where a view
changes it or uses a nonce, by django-csp as before."""

from __future__ import annotations

import pytest
from csp.constants import NONCE, SELF
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from assessment.security import ContentSecurityPolicyMiddleware


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def through(middleware_class, prepare=None, request=None):
    request = request or RequestFactory().get("/")

    def view(request):
        response = HttpResponse("page")
        if prepare:
            prepare(request, response)
        return response

    middleware = middleware_class(view)
    return middleware(request), request


@pytest.mark.django_db
def test_every_page_gets_the_policy_django_csp_would_write(client):
    built_once = client.get(reverse("login")).headers["Content-Security-Policy"]
    by_django_csp, _ = through(CSPMiddleware)
    assert directives(built_once) == directives(by_django_csp.headers["Content-Security-Policy"])
    assert directives(built_once)["script-src"] == "'self'"


def test_a_view_that_changes_the_policy_is_still_heard():
    def widen(request, response):
        response._csp_update = {"img-src": ["https://logos.example"]}

    response, _ = through(ContentSecurityPolicyMiddleware, widen)
    assert "https://logos.example" in directives(response.headers["Content-Security-Policy"])["img-src"]


def test_a_page_that_uses_a_nonce_gets_it_in_its_policy():
    seen = {}

    def use_nonce(request, response):
        seen["nonce"] = str(request.csp_nonce)

    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        response, _ = through(ContentSecurityPolicyMiddleware, use_nonce)
    assert directives(response.headers["Content-Security-Policy"])["script-src"] == f"'self' 'nonce-{seen['nonce']}'"


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    response, request = through(ContentSecurityPolicyMiddleware)
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)


def test_a_header_a_view_set_itself_is_kept():
    def own(request, response):
        response["Content-Security-Policy"] = "default-src 'none'"

    response, _ = through(ContentSecurityPolicyMiddleware, own)
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"


def test_a_changed_setting_changes_the_policy():
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://cdn.example"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        response, _ = through(ContentSecurityPolicyMiddleware)
    assert directives(response.headers["Content-Security-Policy"])["img-src"] == "https://cdn.example"
    response, _ = through(ContentSecurityPolicyMiddleware)
    assert "https://cdn.example" not in response.headers["Content-Security-Policy"]
