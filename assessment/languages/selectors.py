from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from ..organisations.models import Profile


def language_of(user: AbstractBaseUser) -> str | None:
    """The interface language a staff user chose in their profile, or None if they never chose one."""
    language: str | None = Profile.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language
