from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext

from ..organisations.models import Organisation, Profile
from .selectors import language_of

# The signed-in user's profile language, kept in their session so that no page asks the database for it.
SESSION_KEY = "profile_language"


def _checked(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": gettext("Unknown language “%(language)s”.") % {"language": language}})
    return language


def set_language_of(*, user: AbstractBaseUser, language: str) -> Profile:
    """The staff user's interface language, from their next page on."""
    profile, _ = Profile.objects.update_or_create(user_id=user.pk, defaults={"language": _checked(language)})
    return profile


def set_organisation_language(*, organisation: Organisation, language: str) -> Organisation:
    """The language the organisation's reports are produced in."""
    organisation.language = _checked(language)
    organisation.save(update_fields=["language"])
    return organisation


def remember_language(*, request: HttpRequest, language: str | None) -> None:
    if language:
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


def remember_on_login(sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    """Connected to user_logged_in: one query at login, none on later pages."""
    if request is not None and hasattr(request, "session"):
        remember_language(request=request, language=language_of(user))
