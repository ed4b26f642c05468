from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Field, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest

from .access import consultancies_for, people_for, scoped_for_admin
from .models import Consultancy, Membership, Organisation, Profile


class ScopedChoices(admin.options.BaseModelAdmin):
    """A form's choices of related rows are those the staff user may see: another tenant's organisations,
    assessments or people are not offered (nor named) in a select box."""

    def _choices(self, db_field: Field, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        model = db_field.related_model
        related = self.admin_site._registry.get(model)  # type: ignore[arg-type]
        if isinstance(related, TenantScopedAdmin):
            kwargs["queryset"] = related.get_queryset(request)
        elif model is Consultancy:
            kwargs["queryset"] = consultancies_for(request.user)
        elif model is User:
            kwargs["queryset"] = people_for(request.user)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        self._choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        self._choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TenantScopedAdmin(ScopedChoices, admin.ModelAdmin):
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
class ConsultancyAdmin(ScopedChoices, admin.ModelAdmin):
    """A consultancy's own consultants see its row; a client's people and other consultancies do not."""

    list_display = ["name", "brand_colour"]
    filter_horizontal = ["consultants"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request) & consultancies_for(request.user)


class MembershipInline(ScopedChoices, admin.TabularInline):
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


@admin.register(Profile)
class ProfileAdmin(TenantScopedAdmin):
    """A staff user's own settings (the interface language); they change it on their profile page."""

    organisation_path = None  # a user's, not an organisation's: site admins only
    list_display = ["user", "language"]
    list_filter = ["language"]
    list_select_related = ["user"]
