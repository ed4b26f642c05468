"""Writes of organisations: clients of a consultancy, their members, and deleting one whole."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from ..names import check_name
from ..results.files import delete_organisation_files
from .logos import checked_logo
from .models import Consultancy, Membership, Organisation, Role

SetUpLink = Callable[[str, str], str]  # (uidb64, token) -> absolute URL of the account set-up page
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def create_organisation(*, name: str, consultancy: Consultancy | None = None, language: str = "en") -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": gettext("Give the organisation a name.")})
    check_name(name, field="name")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": gettext("An organisation called “%(name)s” already exists.") % {"name": name}})
    return Organisation.objects.create(name=name, consultancy=consultancy, language=language)


def invite_member(
    *, organisation: Organisation, email: str, role: str, invited_by: User | None, set_up_link: SetUpLink
) -> Membership:
    """Give someone a role in the organisation and e-mail them a link to set their password. An existing
    account is reused (one person, several clients); a new one has no password until they choose it."""
    email = email.strip().lower()
    validate_email(email)
    if role not in (Role.MANAGER, Role.HR, Role.VIEWER):
        raise ValidationError({"role": gettext("Unknown role “%(role)s”.") % {"role": role}})
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = User(username=email[:150], email=email)
            user.set_unusable_password()
            user.save()
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError(
                {
                    "email": gettext("%(email)s is already a member of %(organisation)s.")
                    % {"email": email, "organisation": organisation.name}
                }
            )
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    link = set_up_link(urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user))
    # In the organisation's language: the new member has not chosen one yet.
    with translation.override(organisation.language):
        words = {"organisation": organisation.name, "role": Role(role).label, "link": link}
        if invited_by:
            words["inviter"] = invited_by.get_full_name() or invited_by.get_username()
            given = gettext("%(inviter)s has given you the role “%(role)s” for %(organisation)s.") % words
        else:
            given = gettext("You have been given the role “%(role)s” for %(organisation)s.") % words
        send_mail(
            subject=gettext("Your access to %(organisation)s's customer-centricity assessment") % words,
            message="\n\n".join(
                [
                    given,
                    gettext("Choose your password here (the link works for three hours):\n%(link)s") % words,
                    gettext("Your username is %(username)s. If you did not expect this message, ignore it.")
                    % {"username": user.get_username()},
                ]
            ),
            from_email=None,
            recipient_list=[email],
        )
    return membership


def delete_organisation(*, organisation: Organisation, confirm_name: str) -> None:
    """Delete the organisation with everything it owns (assessments, campaigns, responses, results, actions,
    its built report files); the typed name guards against deleting the wrong client."""
    if confirm_name.strip() != organisation.name:
        raise ValidationError({"confirm_name": gettext("Type the organisation's name exactly to confirm.")})
    organisation_id = organisation.pk
    organisation.delete()
    # The files go once the rows are gone for good: a rolled-back delete keeps them.
    transaction.on_commit(lambda: delete_organisation_files(organisation_id))


def update_branding(
    *,
    consultancy: Consultancy,
    brand_colour: str,
    accent_colour: str,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Consultancy:
    """The consultancy's colours and logo, shown on its clients' reports. A new logo replaces the old file."""
    for field, colour in (("brand_colour", brand_colour), ("accent_colour", accent_colour)):
        if not HEX_COLOUR.fullmatch(colour):
            raise ValidationError({field: gettext("A colour is written #rrggbb, for example #0d6efd.")})
    old = consultancy.logo.name if consultancy.logo else ""
    consultancy.brand_colour, consultancy.accent_colour = brand_colour.lower(), accent_colour.lower()
    if logo is not None:
        data, extension = checked_logo(logo)
        consultancy.logo.save(f"consultancy-{consultancy.pk}{extension}", ContentFile(data), save=False)
    elif remove_logo:
        consultancy.logo = ""
    consultancy.save(update_fields=["brand_colour", "accent_colour", "logo"])
    if old and old != consultancy.logo.name:
        consultancy.logo.storage.delete(old)
    return consultancy
