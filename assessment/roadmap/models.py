"""The action plan: roadmap steps taken on as work."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..names import check_name


class Action(models.Model):
    """A roadmap step taken on as work: owner, due date, status; re-measured by the next assessment."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    assessment = models.ForeignKey("assessment.Assessment", on_delete=models.CASCADE, related_name="actions")
    dimension = models.ForeignKey("assessment.Dimension", on_delete=models.PROTECT, related_name="actions")
    stage = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200, validators=[check_name])
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    baseline_score = models.FloatField(
        null=True, blank=True, help_text="The dimension's score when the action was taken on."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Several actions may serve one roadmap step, each with its own owner, due date and status.
        ordering = ["stage", "dimension__position", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """The score a consultant aims a dimension at for the next round, shown against the result."""

    assessment = models.ForeignKey("assessment.Assessment", on_delete=models.CASCADE, related_name="targets")
    dimension = models.ForeignKey("assessment.Dimension", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="one_target_per_dimension"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="target_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}: {self.score:g}"
