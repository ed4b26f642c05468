from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:assessment_id>/report/", views.report, name="report"),
    path("assessments/<int:assessment_id>/publish/", views.report_publish, name="report_publish"),
    path(
        "assessments/<int:assessment_id>/published/<int:number>/commentary/",
        views.commentary_save,
        name="commentary_save",
    ),
]
