from django.contrib import admin

from ..organisations.admin import ReadOnlyAdmin, TenantScopedAdmin
from .models import Commentary, PublishedResult, ShownFigures


@admin.register(PublishedResult)
class PublishedResultAdmin(ReadOnlyAdmin):
    """A published result never changes: read-only here too."""

    organisation_path = "assessment__organisation"
    list_display = ["assessment", "number", "published_at", "published_by"]
    list_select_related = ["assessment__organisation", "published_by"]


@admin.register(Commentary)
class CommentaryAdmin(TenantScopedAdmin):
    organisation_path = "published__assessment__organisation"
    list_display = ["published", "dimension", "updated_at"]
    list_select_related = ["published__assessment", "dimension"]


@admin.register(ShownFigures)
class ShownFiguresAdmin(ReadOnlyAdmin):
    """Kept by the pages themselves (results.shown); read-only so the steps cannot be bypassed here."""

    organisation_path = "campaign__assessment__organisation"
    list_display = ["campaign", "responses"]
    list_select_related = ["campaign__assessment"]
