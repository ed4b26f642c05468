from django.contrib import admin

from ..organisations.admin import TenantScopedAdmin
from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(TenantScopedAdmin):
    organisation_path = "assessment__organisation"
    list_display = ["assessment", "group", "anonymity", "anonymity_threshold", "opens_at", "closes_at"]
    list_filter = ["group", "anonymity"]
    list_select_related = ["assessment__organisation"]
    readonly_fields = ["public_id"]
