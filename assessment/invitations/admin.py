from django.contrib import admin

from ..organisations.admin import ReadOnlyAdmin, TenantScopedAdmin
from .models import Delivery, Invitation, Mailing


@admin.register(Invitation)
class InvitationAdmin(TenantScopedAdmin):
    organisation_path = "campaign__assessment__organisation"
    list_display = ["email", "campaign", "segment", "status", "sends", "reminders", "last_sent_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    readonly_fields = ["token_hash"]
    list_select_related = ["campaign__assessment"]


@admin.register(Mailing)
class MailingAdmin(ReadOnlyAdmin):
    """Written by the sending tasks only; shown to see what went out and what is stuck."""

    organisation_path = "campaign__assessment__organisation"
    list_display = ["pk", "campaign", "kind", "status", "total", "sent", "failed", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["campaign__assessment"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    organisation_path = "mailing__campaign__assessment__organisation"
    list_display = ["pk", "mailing", "invitation", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "kind"]
    search_fields = ["invitation__email"]
    list_select_related = ["mailing", "invitation"]
