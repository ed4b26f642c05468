from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Customer-centricity assessment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Loaded here rather than in the package's __init__ so that assessment.scoring stays
        # importable without Django or Celery installed.
        from . import celery  # noqa: F401
        from .languages.services import remember_on_login
        from .organisations.models import Organisation

        post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="assessment.organisation_saved")
        user_logged_in.connect(remember_on_login, dispatch_uid="assessment.remember_language_on_login")


def _organisation_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    from .responses.selectors import forget_organisation_name

    forget_organisation_name(organisation_id=instance.pk)
