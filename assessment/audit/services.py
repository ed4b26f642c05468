"""Writing the audit log: one call wherever an organisation's data is viewed, exported or changed."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models

from ..organisations.access import Principal
from ..organisations.models import Organisation
from .models import AuditEvent


def record_event(
    *,
    user: Principal,
    organisation: Organisation,
    action: str,
    what: str,
    obj: models.Model | None = None,
) -> AuditEvent:
    account = user if isinstance(user, User) else None
    return AuditEvent.objects.create(
        organisation=organisation,
        organisation_name=organisation.name,
        user=account,
        username=account.get_username() if account is not None else "(command line)",
        action=action,
        what=what[:200],
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
    )
