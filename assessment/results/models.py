"""Published results: what a client receives, frozen with the settings and instrument versions behind it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PublishedResult(models.Model):
    """A snapshot of an assessment's result. It never changes: new settings or new responses make a new one."""

    assessment = models.ForeignKey("assessment.Assessment", on_delete=models.CASCADE, related_name="published")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settings = models.JSONField(help_text="The scoring settings that produced the result.")
    instruments = models.JSONField(help_text="Instrument code and version per group surveyed.")
    result = models.JSONField(help_text="The scoring result, as assessment.scoring.serialise writes it.")
    nps = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(
        default=list, blank=True, help_text="Open-text samples: [group, position, question, [texts]]."
    )

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="one_published_result_per_number")]

    def __str__(self) -> str:
        return f"{self.assessment} – published #{self.number}"


class Commentary(models.Model):
    """The consultant's own words on a published report: on the whole (no dimension) or on one dimension."""

    published = models.ForeignKey(PublishedResult, on_delete=models.CASCADE, related_name="commentary")
    dimension = models.ForeignKey("assessment.Dimension", null=True, blank=True, on_delete=models.PROTECT)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "commentary"
        constraints = [
            models.UniqueConstraint(fields=["published", "dimension"], name="one_comment_per_dimension"),
            models.UniqueConstraint(
                fields=["published"], condition=models.Q(dimension__isnull=True), name="one_overall_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.published} – {self.dimension_id or 'overall'}"


class ShownFigures(models.Model):
    """A campaign's running totals as pages last showed them. While the campaign is open they move on only in
    steps of at least its anonymity threshold of responses (scoring.stepping), so no respondent is isolated by
    comparing two views of a report; the comments are the sample shown with them."""

    campaign = models.OneToOneField("assessment.Campaign", on_delete=models.CASCADE, related_name="shown_figures")
    responses = models.PositiveIntegerField()
    figures = models.JSONField(help_text="The group's scoring input, as scoring.stepping writes it.")
    buckets = models.JSONField(help_text="Response counts per segment value and NPS band.")
    comments = models.JSONField(default=list, help_text="Open-text samples: [position, question, [texts]].")

    class Meta:
        verbose_name_plural = "shown figures"

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.responses} responses shown"
