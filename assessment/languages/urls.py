from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("organisations/<int:organisation_id>/settings/", views.organisation_settings, name="organisation_settings"),
]
