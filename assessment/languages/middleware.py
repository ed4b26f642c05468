from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .services import SESSION_KEY


class ProfileLanguageMiddleware:
    """After LocaleMiddleware: a signed-in staff user sees the interface in their profile's language, whatever
    the browser asks for. Only a signed-in session holds the key (set at login, gone at logout). A respondent's
    pages then activate the respondent's own choice in the view (responses/views.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(SESSION_KEY)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
