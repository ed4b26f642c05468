from django.urls import path

from . import views

urlpatterns = [
    path("organisations/<int:organisation_id>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:assessment_id>/scoring/", views.scoring_settings, name="scoring_settings"),
]
