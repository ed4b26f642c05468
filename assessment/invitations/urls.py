from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/<int:campaign_id>/invitations/", views.invitations_create, name="invitations_create"),
]
