"""How many new responses one address may start through a shareable link: a bound on padding a group."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from ..campaigns.models import Campaign


def client_address(request: HttpRequest) -> str:
    """The address a request came from. Behind PROXY_COUNT proxies, each appending to X-Forwarded-For, it is
    the entry the outermost proxy added: entries further left are whatever the client chose to send."""
    proxies = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def allow_shared_start(request: HttpRequest, campaign: Campaign) -> bool:
    """Counts starts per address and campaign in the cache; the count expires an hour after the first."""
    key = f"shared-starts:{campaign.pk}:{client_address(request)}"
    if cache.add(key, 1, timeout=3600):
        return True
    try:
        return cache.incr(key) <= campaign.shared_starts_per_hour
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        return True
