from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import Dimension, Instrument, InstrumentTranslation, Item, Section


class FrozenWhenPublished(admin.ModelAdmin):
    """Published instrument versions are read-only: answers depend on their wording."""

    def _published(self, obj: object | None) -> bool:
        instrument = getattr(obj, "instrument", obj)
        return isinstance(instrument, Instrument) and instrument.is_published

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return not self._published(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # "Delete selected" deletes in bulk, past the per-object check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Instrument)
class InstrumentAdmin(FrozenWhenPublished):
    list_display = ["code", "version", "title", "status", "published_at"]
    list_filter = ["status"]
    actions = ["new_draft", "publish"]

    @admin.action(description="Create a new draft version from the selected instrument")
    def new_draft(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        for instrument in queryset:
            draft = services.create_draft_instrument(source=instrument)
            self.message_user(request, f"Created {draft}.", messages.SUCCESS)

    @admin.action(description="Publish the selected drafts (they can no longer be edited)")
    def publish(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        for instrument in queryset.filter(status=Instrument.Status.DRAFT):
            services.publish_instrument(instrument=instrument)
            self.message_user(request, f"Published {instrument}.", messages.SUCCESS)


@admin.register(Section)
class SectionAdmin(FrozenWhenPublished):
    list_display = ["instrument", "audience", "position", "title"]
    list_filter = ["instrument", "audience"]


@admin.register(Item)
class ItemAdmin(FrozenWhenPublished):
    list_display = ["code", "instrument", "audience", "dimension", "type", "reverse", "required"]
    list_filter = ["instrument", "audience", "type", "dimension__level"]
    search_fields = ["code", "text"]
    list_select_related = ["instrument", "dimension"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    """Names and descriptions may be edited; codes and levels are what answers and the scoring rules rely on."""

    list_display = ["code", "level", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: object | None = None) -> list[str]:
        return ["code", "level"] if obj is not None else []


@admin.register(InstrumentTranslation)
class InstrumentTranslationAdmin(FrozenWhenPublished):
    list_display = ["instrument", "language"]
    list_filter = ["language"]
