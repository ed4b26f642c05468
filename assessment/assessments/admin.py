from django.contrib import admin

from ..organisations.admin import TenantScopedAdmin
from .models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(TenantScopedAdmin):
    organisation_path = "organisation"
    list_display = ["title", "organisation", "created_at"]
    list_select_related = ["organisation"]
    search_fields = ["title", "organisation__name"]
