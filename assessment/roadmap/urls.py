from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:assessment_id>/actions/", views.action_create, name="action_create"),
    path("actions/<int:action_id>/", views.action_update, name="action_update"),
    path("assessments/<int:assessment_id>/targets/", views.target_set, name="target_set"),
]
