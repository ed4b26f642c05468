"""Writes of instruments: a new draft version from an existing one, and publishing it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Instrument, Item


def create_draft_instrument(*, source: Instrument) -> Instrument:
    """A new editable version with the same sections and items; the source stays as it is."""
    with transaction.atomic():
        version = (Instrument.objects.filter(code=source.code).aggregate(v=Max("version"))["v"] or 0) + 1
        draft = Instrument.objects.create(
            code=source.code, version=version, title=source.title, description=source.description
        )
        sections = {}
        for section in source.sections.all():
            old_pk = section.pk
            section.pk = None
            section.instrument = draft
            section.save()
            sections[old_pk] = section
        items = list(source.items.all())
        for item in items:
            item.pk = None
            item.instrument = draft
            item.section = sections[item.section_id]
        Item.objects.bulk_create(items)
    return draft


def publish_instrument(*, instrument: Instrument) -> Instrument:
    instrument.status = Instrument.Status.PUBLISHED
    instrument.published_at = timezone.now()
    instrument.save(update_fields=["status", "published_at"])
    return instrument
