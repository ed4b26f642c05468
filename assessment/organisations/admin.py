from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .access import scoped_for_admin
from .models import Consultancy, Membership, Organisation


class TenantScopedAdmin(admin.ModelAdmin):
    """Rows of the organisations the staff user may see (all for a site admin), by the one access module."""

    # From the model to its organisation ("" for Organisation itself, None for rows of no organisation).
    organisation_path: str | None = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scoped_for_admin(request.user, super().get_queryset(request), self.organisation_path)


class ReadOnlyAdmin(TenantScopedAdmin):
    """Kept by services only (submits, imports, the running totals): a hand edit here would make them disagree."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(Consultancy)
class ConsultancyAdmin(admin.ModelAdmin):
    list_display = ["name", "brand_colour"]
    filter_horizontal = ["consultants"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(TenantScopedAdmin):
    list_display = ["name", "consultancy", "language"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(TenantScopedAdmin):
    organisation_path = "organisation"
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
