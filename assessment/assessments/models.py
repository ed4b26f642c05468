"""An assessment: one round for one organisation, with the scoring numbers a consultant may change."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .. import scoring
from ..names import check_name


class ScoringSettingsFields(models.Model):
    """The numbers of PRODUCT.md section 4 that a consultant may change per assessment."""

    FIELDS = (
        "level_threshold",
        "dimension_floor",
        "weight_customers",
        "weight_employees",
        "weight_partners",
        "weight_shareholders",
        "anonymity_threshold",
    )

    level_threshold = models.FloatField(
        default=scoring.DEFAULT_LEVEL_THRESHOLD, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    dimension_floor = models.FloatField(
        default=scoring.DEFAULT_DIMENSION_FLOOR, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight_customers = models.FloatField(
        default=scoring.DEFAULT_WEIGHTS[scoring.framework.CUSTOMERS], validators=[MinValueValidator(0)]
    )
    weight_employees = models.FloatField(
        default=scoring.DEFAULT_WEIGHTS[scoring.framework.EMPLOYEES], validators=[MinValueValidator(0)]
    )
    weight_partners = models.FloatField(
        default=scoring.DEFAULT_WEIGHTS[scoring.framework.PARTNERS], validators=[MinValueValidator(0)]
    )
    weight_shareholders = models.FloatField(
        default=scoring.DEFAULT_WEIGHTS[scoring.framework.SHAREHOLDERS], validators=[MinValueValidator(0)]
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=scoring.DEFAULT_ANONYMITY_THRESHOLD, validators=[MinValueValidator(scoring.MIN_ANONYMITY_THRESHOLD)]
    )

    class Meta:
        abstract = True


class Assessment(ScoringSettingsFields):
    organisation = models.ForeignKey("assessment.Organisation", on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(max_length=200, validators=[check_name])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="unique_assessment_title_per_organisation"),
            models.CheckConstraint(
                condition=Q(anonymity_threshold__gte=3), name="assessment_anonymity_threshold_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(
                    level_threshold__gte=0, level_threshold__lte=100, dimension_floor__gte=0, dimension_floor__lte=100
                ),
                name="assessment_thresholds_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.title}"
