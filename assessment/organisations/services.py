"""Writes of organisations: clients of a consultancy, their members, and deleting one whole."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Consultancy, Membership, Organisation, Role

SetUpLink = Callable[[str, str], str]  # (uidb64, token) -> absolute URL of the account set-up page


def create_organisation(*, name: str, consultancy: Consultancy | None = None, language: str = "en") -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the organisation a name."})
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"An organisation called “{name}” already exists."})
    return Organisation.objects.create(name=name, consultancy=consultancy, language=language)


def invite_member(
    *, organisation: Organisation, email: str, role: str, invited_by: User | None, set_up_link: SetUpLink
) -> Membership:
    """Give someone a role in the organisation and e-mail them a link to set their password. An existing
    account is reused (one person, several clients); a new one has no password until they choose it."""
    email = email.strip().lower()
    validate_email(email)
    if role not in (Role.MANAGER, Role.HR, Role.VIEWER):
        raise ValidationError({"role": f"Unknown role “{role}”."})
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = User(username=email[:150], email=email)
            user.set_unusable_password()
            user.save()
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError({"email": f"{email} is already a member of {organisation.name}."})
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    link = set_up_link(urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user))
    inviter = f"{invited_by.get_full_name() or invited_by.get_username()} has" if invited_by else "You have been"
    send_mail(
        subject=f"Your access to {organisation.name}'s customer-centricity assessment",
        message=(
            f"{inviter} given you the role “{Role(role).label}” for {organisation.name}.\n\n"
            f"Choose your password here (the link works for three hours):\n{link}\n\n"
            f"Your username is {user.get_username()}. If you did not expect this message, ignore it."
        ),
        from_email=None,
        recipient_list=[email],
    )
    return membership


def delete_organisation(*, organisation: Organisation, confirm_name: str) -> None:
    """Delete the organisation with everything it owns (assessments, campaigns, responses, results, actions);
    the typed name guards against deleting the wrong client."""
    if confirm_name.strip() != organisation.name:
        raise ValidationError({"confirm_name": "Type the organisation's name exactly to confirm."})
    organisation.delete()
