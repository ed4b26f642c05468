from django.contrib import admin

from ..organisations.admin import TenantScopedAdmin
from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(TenantScopedAdmin):
    organisation_path = "campaign__assessment__organisation"
    list_display = ["email", "campaign", "status", "sends", "reminders"]
    list_filter = ["status"]
    search_fields = ["email"]
    readonly_fields = ["token_hash"]
    list_select_related = ["campaign__assessment"]
