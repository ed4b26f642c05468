from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:organisation_id>/members/", views.organisation_members, name="organisation_members"),
    path("organisations/<int:organisation_id>/audit/", views.organisation_audit, name="organisation_audit"),
    path("organisations/<int:organisation_id>/export/", views.organisation_export, name="organisation_export"),
    path("organisations/<int:organisation_id>/delete/", views.organisation_delete, name="organisation_delete"),
    path("consultancies/<int:consultancy_id>/branding/", views.consultancy_branding, name="consultancy_branding"),
    path("consultancies/<int:consultancy_id>/logo", views.consultancy_logo, name="consultancy_logo"),
]
