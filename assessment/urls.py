from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisations/<int:organisation_id>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:assessment_id>/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("assessments/<int:assessment_id>/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "assessments/<int:assessment_id>/self-assessment/<int:number>/",
        views.self_assessment_section,
        name="self_assessment_section",
    ),
    path(
        "assessments/<int:assessment_id>/self-assessment/review/",
        views.self_assessment_review,
        name="self_assessment_review",
    ),
    path(
        "assessments/<int:assessment_id>/self-assessment/submit/",
        views.self_assessment_submit,
        name="self_assessment_submit",
    ),
    path("assessments/<int:assessment_id>/report/", views.report, name="report"),
    path("assessments/<int:assessment_id>/actions/", views.action_create, name="action_create"),
    path("assessments/<int:assessment_id>/scoring/", views.scoring_settings, name="scoring_settings"),
    path("actions/<int:action_id>/", views.action_update, name="action_update"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/invitations/", views.invitations_create, name="invitations_create"),
    path("campaigns/<int:campaign_id>/close/", views.campaign_close, name="campaign_close"),
    path("s/<uuid:public_id>/<str:signature>/", views.respond_shared, name="respond_shared"),
    path("r/done/", views.respond_done, name="respond_done"),
    path("r/<str:token>/", views.respond, name="respond"),
    path("r/<str:token>/<int:number>/", views.respond_section, name="respond_section"),
    path("r/<str:token>/review/", views.respond_review, name="respond_review"),
    path("r/<str:token>/submit/", views.respond_submit, name="respond_submit"),
    path("admin/", admin.site.urls),
]
