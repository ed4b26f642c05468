from django.urls import path

from . import pdf_views, views

urlpatterns = [
    path("assessments/<int:assessment_id>/report/", views.report, name="report"),
    path("assessments/<int:assessment_id>/publish/", views.report_publish, name="report_publish"),
    path(
        "assessments/<int:assessment_id>/published/<int:number>/commentary/",
        views.commentary_save,
        name="commentary_save",
    ),
    path("assessments/<int:assessment_id>/published/<int:number>/pdf/", pdf_views.report_pdf_start, name="report_pdf"),
    path(
        "assessments/<int:assessment_id>/published/<int:number>/pdf/progress/",
        pdf_views.report_pdf_progress,
        name="report_pdf_progress",
    ),
    path(
        "assessments/<int:assessment_id>/published/<int:number>/pdf/download/",
        pdf_views.report_pdf_download,
        name="report_pdf_download",
    ),
]
