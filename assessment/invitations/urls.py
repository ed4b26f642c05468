from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/<int:campaign_id>/invitations/", views.invitations_create, name="invitations_create"),
    path("campaigns/<int:campaign_id>/recipients/", views.recipients_upload, name="recipients_upload"),
    path("campaigns/<int:campaign_id>/recipients/preview/", views.recipients_preview, name="recipients_preview"),
    path("campaigns/<int:campaign_id>/recipients/confirm/", views.recipients_confirm, name="recipients_confirm"),
    path("campaigns/<int:campaign_id>/mailings/", views.mailing_start, name="mailing_start"),
    path("campaigns/<int:campaign_id>/reminders/", views.reminders_send, name="reminders_send"),
    path("campaigns/<int:campaign_id>/mailings/latest/", views.mailing_progress, name="mailing_progress"),
    path("campaigns/<int:campaign_id>/bounced/", views.bounced_correct, name="bounced_correct"),
    path("campaigns/<int:campaign_id>/bounced/retry/", views.bounced_retry, name="bounced_retry"),
]
