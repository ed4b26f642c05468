"""Responses, answers and running totals are read-only here: only submits, imports, deletions and the rebuild
write them, through responses.services."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ..campaigns.models import Campaign
from ..organisations.admin import ReadOnlyAdmin
from . import services
from .models import (
    Answer,
    DimensionTotal,
    ImportedFile,
    ItemTotal,
    Response,
    ResponseDimensionScore,
    ResponseTotal,
    SubmittedLink,
)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    organisation_path = "campaign__assessment__organisation"
    list_display = ["pk", "campaign", "source", "submitted_at"]
    list_filter = ["source", "campaign__group"]
    list_select_related = ["campaign__assessment"]
    exclude = ["token_hash", "invitation", "respondent"]

    # Deleting is allowed (with the model's delete permission), but only through the service, which takes
    # the responses out of their campaign's running totals; the delete page and action both end here.
    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request: HttpRequest, obj: Response) -> None:
        services.delete_response(response=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Response]) -> None:
        for campaign in Campaign.objects.filter(pk__in=queryset.values("campaign_id")):
            services.delete_responses(campaign=campaign, responses=queryset)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, ...]:
        # A response's answers and scores go with it, though their own admins allow no deleting.
        deleted, counts, _, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected


@admin.register(ImportedFile)
class ImportedFileAdmin(ReadOnlyAdmin):
    organisation_path = "campaign__assessment__organisation"
    list_display = ["name", "campaign", "rows", "imported_at"]
    list_select_related = ["campaign__assessment"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    organisation_path = "response__campaign__assessment__organisation"
    list_display = ["response", "item", "value", "not_applicable"]
    list_select_related = ["item"]


@admin.register(ResponseDimensionScore)
class ResponseDimensionScoreAdmin(ReadOnlyAdmin):
    organisation_path = "response__campaign__assessment__organisation"
    list_display = ["response", "dimension", "score"]
    list_select_related = ["dimension"]


class RunningTotalAdmin(ReadOnlyAdmin):
    organisation_path = "campaign__assessment__organisation"
    list_select_related = ["campaign__assessment"]
    actions = ["rebuild"]

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


@admin.register(SubmittedLink)
class SubmittedLinkAdmin(ReadOnlyAdmin):
    """Keyed digests of answered personal links; they name nobody, and nobody edits them."""

    organisation_path = None  # they belong to no organisation that can be looked up: site admins only
    list_display = ["digest"]
