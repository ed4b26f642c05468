from django.contrib import admin

from ..organisations.admin import ReadOnlyAdmin
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The log is written by the product only; nobody edits history."""

    organisation_path = "organisation"
    list_display = ["at", "organisation_name", "username", "action", "what"]
    list_filter = ["action"]
    search_fields = ["organisation_name", "username", "what"]
