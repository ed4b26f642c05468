"""Reading the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from ..organisations.models import Organisation
from .models import AuditEvent

PAGE = 200


def audit_log(organisation: Organisation) -> QuerySet[AuditEvent]:
    """The organisation's latest events, newest first (one query, bounded)."""
    return AuditEvent.objects.filter(organisation=organisation).order_by("-at", "-id")[:PAGE]
