"""Responses and their answers, the dimension scores stored at submit, and the running totals."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class ImportedFile(models.Model):
    """A file of paper or third-party responses imported into a campaign, known by its content's hash, so
    that the same file is not counted twice."""

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="imported_files")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "sha256"], name="one_import_per_file_and_campaign")]

    def __str__(self) -> str:
        return f"{self.name} ({self.rows} rows)"


class SubmittedLink(models.Model):
    """A personal link that has been answered, kept as a keyed digest of the link's hash: it refuses a second
    response on that link, yet neither it nor the response it was written with names the invitation (the
    digest cannot be matched to an invitation's hash without the server's secret key)."""

    digest = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.digest[:12]


class Response(models.Model):
    """One respondent's answers, saved page by page; it counts once submitted."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        IMPORT = "import", "Import"

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="responses")
    # Kept while the response is in progress so the personal link can resume it; cut at submit
    # in anonymous campaigns (see responses.services.submit_response).
    invitation = models.OneToOneField(
        "assessment.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The hash of a secret the browser that started the response keeps in a cookie: saved answers open
    # only there, so whoever else holds the link (a forwarded e-mail, staff who saw it) cannot read them.
    # Cleared at submit.
    browser_hash = models.CharField(max_length=64, blank=True)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="self_assessments"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    # Deleting an import goes through responses.services, which takes its responses out of the totals.
    imported_file = models.ForeignKey(
        ImportedFile, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    language = models.CharField(max_length=8, default="en")
    current_section = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Segment answers copied from the profile items at submit, so reports split by them in SQL.
    customer_type = models.CharField(max_length=32, blank=True)
    age_band = models.CharField(max_length=32, blank=True)
    gender = models.CharField(max_length=32, blank=True)
    purchase_frequency = models.CharField(max_length=32, blank=True)
    socio_economic = models.CharField(max_length=32, blank=True)

    # Not a column: the answers by item id when read in the same query as the response (a page's GET, see
    # selectors.response_by_token_hash), so that showing the page needs no second query; None otherwise.
    answers_read: dict[int, Any] | None = None

    class Meta:
        indexes = [models.Index(fields=["campaign", "submitted_at"], name="response_campaign_submitted")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_self_assessment_per_manager_and_campaign",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.campaign_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


SEGMENT_FIELDS = ("customer_type", "age_band", "gender", "purchase_frequency", "socio_economic")


class Answer(models.Model):
    # No index of its own: the (response, item) unique constraint's index serves lookups by response.
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    # Indexed only where a page looks answers up by question, the open-text ones (see Meta.indexes): an
    # index of every answer by item would cost each submit and import a write per answer for nothing.
    item = models.ForeignKey("assessment.Item", on_delete=models.PROTECT, related_name="answers", db_index=False)
    # likert5 1-5, nps 0-10; null with not_applicable for "don't know / not applicable".
    value = models.SmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["item"], condition=~Q(text=""), name="answer_text_by_item")]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item_and_response"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=10), name="answer_value_0_to_10"
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(value__isnull=True), name="not_applicable_has_no_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value if self.value is not None else self.choices or self.text}"


class ResponseDimensionScore(models.Model):
    """A submitted response's score on one dimension (PRODUCT.md 4.2), stored so reports never rescan answers."""

    # No index of its own: the (response, dimension) unique constraint's index serves lookups by response.
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="dimension_scores", db_index=False)
    dimension = models.ForeignKey("assessment.Dimension", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "dimension"], name="one_score_per_dimension_and_response"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="dimension_score_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}: {self.score:.1f}"


class ResponseTotal(models.Model):
    """Running count of a campaign's submitted responses, per bucket: "" for all of them,
    "question=value" per customer segment, "nps=promoter|passive|detractor" per recommendation answer.

    Kept up to date at submit and import, so a report reads a few rows whatever the number of responses.
    """

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="response_totals")
    bucket = models.CharField(max_length=80, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "bucket"], name="one_response_total_per_bucket")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.bucket or 'all'}: {self.n}"


class DimensionTotal(models.Model):
    """Running sums of respondents' dimension scores (n, sum, sum of squares): mean, SD and CI follow.

    For the whole group (segment "") it also sums, over respondents who answered every item of the
    dimension, the total of their item scores and its square, for Cronbach's alpha.
    """

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="dimension_totals")
    dimension = models.ForeignKey("assessment.Dimension", on_delete=models.PROTECT, related_name="+")
    segment = models.CharField(max_length=80, blank=True)
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    total_sq = models.FloatField(default=0)
    complete_n = models.PositiveIntegerField(default=0)
    complete_total = models.FloatField(default=0)
    complete_total_sq = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "dimension", "segment"], name="one_dimension_total_per_segment")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.dimension_id} {self.segment or 'all'}: n={self.n}"


class ItemTotal(models.Model):
    """Running sums of one item's scores over respondents who answered all of its dimension (for alpha)."""

    campaign = models.ForeignKey("assessment.Campaign", on_delete=models.CASCADE, related_name="item_totals")
    item = models.ForeignKey("assessment.Item", on_delete=models.PROTECT, related_name="+")
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    total_sq = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "item"], name="one_item_total_per_campaign")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.item_id}: n={self.n}"
