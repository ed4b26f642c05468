from django.urls import path

from . import views

urlpatterns = [
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
    path("s/<uuid:public_id>/<str:signature>/", views.respond_shared, name="respond_shared"),
    path("r/done/", views.respond_done, name="respond_done"),
    path("r/", views.respond_welcome, name="respond_welcome"),
    path("r/start-again/", views.respond_start_again, name="respond_start_again"),
    path("r/page/<int:number>/", views.respond_page, name="respond_page"),
    path("r/review/", views.respond_page_review, name="respond_page_review"),
    path("r/submit/", views.respond_page_submit, name="respond_page_submit"),
    path("r/<str:token>/", views.respond, name="respond"),
    path("r/<str:token>/<int:number>/", views.respond_section, name="respond_section"),
    path("r/<str:token>/review/", views.respond_review, name="respond_review"),
    path("r/<str:token>/submit/", views.respond_submit, name="respond_submit"),
]
