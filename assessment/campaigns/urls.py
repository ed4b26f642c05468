from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:assessment_id>/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:campaign_id>/reopen/", views.campaign_reopen, name="campaign_reopen"),
    path("campaigns/<int:campaign_id>/qr.svg", views.campaign_qr, name="campaign_qr"),
]
