from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import (
    Action,
    Answer,
    Assessment,
    Campaign,
    Consultancy,
    Dimension,
    DimensionTotal,
    Instrument,
    Invitation,
    Item,
    ItemTotal,
    Membership,
    Organisation,
    Response,
    ResponseDimensionScore,
    ResponseTotal,
    Section,
)


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
    list_display = ["code", "level", "name"]


@admin.register(Consultancy)
class ConsultancyAdmin(admin.ModelAdmin):
    list_display = ["name", "brand_colour"]
    filter_horizontal = ["consultants"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "consultancy", "language"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "created_at"]
    list_select_related = ["organisation"]
    search_fields = ["title", "organisation__name"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["assessment", "group", "anonymity", "anonymity_threshold", "opens_at", "closes_at"]
    list_filter = ["group", "anonymity"]
    list_select_related = ["assessment__organisation"]
    readonly_fields = ["public_id"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "campaign", "status", "sends", "reminders"]
    list_filter = ["status"]
    search_fields = ["email"]
    readonly_fields = ["token_hash"]
    list_select_related = ["campaign__assessment"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "campaign", "source", "submitted_at"]
    list_filter = ["source", "campaign__group"]
    readonly_fields = ["token_hash", "invitation"]
    list_select_related = ["campaign__assessment"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "item", "value", "not_applicable"]
    raw_id_fields = ["response"]
    list_select_related = ["item"]


@admin.register(ResponseDimensionScore)
class ResponseDimensionScoreAdmin(admin.ModelAdmin):
    list_display = ["response", "dimension", "score"]
    raw_id_fields = ["response"]
    list_select_related = ["dimension"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "assessment", "dimension", "owner", "due_date", "status"]
    list_filter = ["status", "stage"]
    list_select_related = ["assessment__organisation", "dimension"]


class RunningTotalAdmin(admin.ModelAdmin):
    """Kept by submits and imports; read-only here so that they stay equal to the answers."""

    list_select_related = ["campaign__assessment"]
    actions = ["rebuild"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    @admin.action(description="Rebuild the totals of these rows' campaigns from the stored answers")
    def rebuild(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for campaign in Campaign.objects.filter(pk__in=queryset.values("campaign_id")):
            services.rebuild_totals(campaign=campaign)
        self.message_user(request, "Totals rebuilt.", messages.SUCCESS)


@admin.register(ResponseTotal)
class ResponseTotalAdmin(RunningTotalAdmin):
    list_display = ["campaign", "bucket", "n"]


@admin.register(DimensionTotal)
class DimensionTotalAdmin(RunningTotalAdmin):
    list_display = ["campaign", "dimension", "segment", "n", "total"]


@admin.register(ItemTotal)
class ItemTotalAdmin(RunningTotalAdmin):
    list_display = ["campaign", "item", "n", "total"]
