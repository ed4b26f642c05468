from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Customer-centricity assessment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Loaded here rather than in the package's __init__ so that assessment.scoring stays
        # importable without Django or Celery installed.
        from . import celery  # noqa: F401
