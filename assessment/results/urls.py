from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:assessment_id>/report/", views.report, name="report"),
]
