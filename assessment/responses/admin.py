"""Responses, answers and running totals are read-only here: only submits, imports and the rebuild write them."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ..campaigns.models import Campaign
from ..organisations.admin import ReadOnlyAdmin
from . import services
from .models import Answer, DimensionTotal, ImportedFile, ItemTotal, Response, ResponseDimensionScore, ResponseTotal


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    organisation_path = "campaign__assessment__organisation"
    list_display = ["pk", "campaign", "source", "submitted_at"]
    list_filter = ["source", "campaign__group"]
    list_select_related = ["campaign__assessment"]
    exclude = ["token_hash", "invitation", "respondent"]


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
