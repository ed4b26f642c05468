from django.contrib import admin

from ..organisations.admin import TenantScopedAdmin
from .models import Action, Target


@admin.register(Action)
class ActionAdmin(TenantScopedAdmin):
    organisation_path = "assessment__organisation"
    list_display = ["title", "assessment", "dimension", "owner", "due_date", "status"]
    list_filter = ["status", "stage"]
    list_select_related = ["assessment__organisation", "dimension"]


@admin.register(Target)
class TargetAdmin(TenantScopedAdmin):
    organisation_path = "assessment__organisation"
    list_display = ["assessment", "dimension", "score"]
    list_select_related = ["assessment__organisation", "dimension"]
