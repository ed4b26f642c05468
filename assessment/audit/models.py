"""Who viewed, exported or changed what: the audit log of an organisation's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")
        CHANGED = "changed", _("Changed")
        CREATED = "created", _("Created")
        DELETED = "deleted", _("Deleted")
        PUBLISHED = "published", _("Published")
        INVITED = "invited", _("Invited")

    organisation = models.ForeignKey(
        "assessment.Organisation", null=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    # Kept as text too, so the log still says whose data it was after the organisation is deleted.
    organisation_name = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    what = models.CharField(max_length=200, help_text="For example “report of 2026 Q4” or “responses export (CSV)”.")
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_organisation_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"
