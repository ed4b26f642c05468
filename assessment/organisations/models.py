"""Organisations (the tenants), the consultancies that may manage them, and their members' roles."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..names import check_name


class Role(models.TextChoices):
    """What a user is to an organisation; consultants come through the organisation's consultancy."""

    MANAGER = "manager", _("Manager")
    HR = "hr", _("HR")
    VIEWER = "viewer", _("Viewer (published reports only)")
    CONSULTANT = "consultant", _("Consultant")


class Consultancy(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[check_name])
    consultants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="consultancies")
    brand_colour = models.CharField(max_length=7, default="#0d6efd", help_text="Hex colour used in reports.")
    accent_colour = models.CharField(max_length=7, default="#212529", help_text="Hex colour of report headings.")
    logo = models.FileField(upload_to="logos/", blank=True, help_text="PNG or SVG shown on reports and the PDF.")

    class Meta:
        verbose_name_plural = "consultancies"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[check_name])
    consultancy = models.ForeignKey(
        Consultancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    # A consultant is never a member: the consultancy gives the role.
    ROLES = [(role.value, role.label) for role in (Role.MANAGER, Role.HR, Role.VIEWER)]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=ROLES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"


class Profile(models.Model):
    """A staff user's own settings; the interface language follows it once they sign in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"
