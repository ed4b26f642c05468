"""Response headers Django does not set itself."""

from collections.abc import Callable
from functools import lru_cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase

# The product uses no camera, microphone, location, payment or sensors: deny them to every page and frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# What a view sets on its response to change the policy (django-csp's decorators).
POLICY_CHANGES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the site's policy built once, not afresh for every response (a few per
    cent of a respondent's request). What this does not cover goes through django-csp as before: a response
    whose view changed the policy, a page that used a nonce, a report-only policy or excluded addresses."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        plain = (
            getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, change) for change in POLICY_CHANGES)
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not policy.get("EXCLUDE_URL_PREFIXES")
        )
        if not plain:
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = site_policy()
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


@lru_cache(maxsize=1)
def site_policy() -> str:
    """The policy of CONTENT_SECURITY_POLICY as django-csp writes it (settings do not change while running)."""
    return build_policy()


@receiver(setting_changed)
def _forget_site_policy(*, setting: str, **kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()
