from django.urls import path, register_converter

from . import views
from .downloads import FORMATS


class FormatConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "export_format")

urlpatterns = [
    path(
        "assessments/<int:assessment_id>/export/responses.<export_format:fmt>",
        views.export_responses,
        name="export_responses",
    ),
    path(
        "assessments/<int:assessment_id>/export/results.<export_format:fmt>",
        views.export_results,
        name="export_results",
    ),
]
