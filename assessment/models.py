"""The domain of PRODUCT.md section 3.

Rules that the database can hold are declared as constraints here, so that no code path (admin,
import, a future API) can break them.
"""

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_share_salt() -> str:
    return secrets.token_hex(16)


class Group(models.TextChoices):
    CUSTOMERS = "customers", "Customers"
    PARTNERS = "partners", "Partners"
    EMPLOYEES = "employees", "Employees"
    SHAREHOLDERS = "shareholders", "Shareholders"
    MANAGEMENT = "management", "Management (self-assessment)"


STAKEHOLDER_GROUPS = (Group.CUSTOMERS, Group.PARTNERS, Group.EMPLOYEES, Group.SHAREHOLDERS)


class Consultancy(models.Model):
    name = models.CharField(max_length=200, unique=True)
    consultants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="consultancies")
    brand_colour = models.CharField(max_length=7, default="#0d6efd", help_text="Hex colour used in reports.")

    class Meta:
        verbose_name_plural = "consultancies"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    consultancy = models.ForeignKey(
        Consultancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", "Manager"
        HR = "hr", "HR"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"


class Dimension(models.Model):
    code = models.CharField(max_length=24, unique=True)
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(3)])
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="dimension_level_1_to_3")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Instrument(models.Model):
    """One version of a questionnaire. Published versions are frozen so answers keep their meaning."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    code = models.CharField(max_length=32)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_instrument_version"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="published_instrument_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        unpublishing = self.pk and not self.is_published
        if unpublishing and Instrument.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise ValidationError("A published instrument version cannot go back to draft.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_published:
            raise ValidationError("A published instrument version cannot be deleted: answers refer to it.")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PartOfInstrument(models.Model):
    """Sections and items of a published instrument version cannot change (answers keep their meaning)."""

    instrument_id: int

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self) -> None:
        if Instrument.objects.filter(pk=self.instrument_id, status=Instrument.Status.PUBLISHED).exists():
            raise ValidationError(
                "A published instrument version cannot be edited; create a new draft version instead."
            )


class Section(PartOfInstrument):
    """One page of the questionnaire for one audience."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    audience = models.CharField(max_length=16, choices=Group.choices)
    key = models.CharField(max_length=32)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)

    class Meta(PartOfInstrument.Meta):
        ordering = ["instrument", "audience", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "audience", "key"], name="unique_section_key"),
            models.UniqueConstraint(fields=["instrument", "audience", "position"], name="unique_section_position"),
        ]

    def __str__(self) -> str:
        return f"{self.audience}: {self.title}"


class Item(PartOfInstrument):
    class Type(models.TextChoices):
        LIKERT5 = "likert5", "Agreement 1-5 with don't know"
        NPS = "nps", "Likelihood to recommend 0-10"
        SINGLE = "single", "One choice"
        MULTI = "multi", "Several choices"
        TEXT = "text", "Free text"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=48)
    audience = models.CharField(max_length=16, choices=Group.choices)
    dimension = models.ForeignKey(Dimension, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    type = models.CharField(max_length=8, choices=Type.choices)
    reverse = models.BooleanField(default=False)
    required = models.BooleanField(default=True)
    segment = models.CharField(
        max_length=32, blank=True, help_text="Profile question that splits customers into segments."
    )
    choices = models.JSONField(
        default=list, blank=True, help_text='[{"value": ..., "label": ...}] for single and multi.'
    )
    text = models.TextField()
    position = models.PositiveIntegerField()

    class Meta(PartOfInstrument.Meta):
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="unique_item_code_per_instrument"),
            models.CheckConstraint(
                condition=Q(type="likert5", dimension__isnull=False) | ~Q(type="likert5"),
                name="likert_item_has_dimension",
            ),
            models.CheckConstraint(condition=Q(reverse=False) | Q(type="likert5"), name="only_likert_items_reverse"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def choice_labels(self) -> dict[str, str]:
        return {c["value"]: c["label"] for c in self.choices}


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

    level_threshold = models.FloatField(default=70.0, validators=[MinValueValidator(0), MaxValueValidator(100)])
    dimension_floor = models.FloatField(default=50.0, validators=[MinValueValidator(0), MaxValueValidator(100)])
    weight_customers = models.FloatField(default=0.40, validators=[MinValueValidator(0)])
    weight_employees = models.FloatField(default=0.30, validators=[MinValueValidator(0)])
    weight_partners = models.FloatField(default=0.15, validators=[MinValueValidator(0)])
    weight_shareholders = models.FloatField(default=0.15, validators=[MinValueValidator(0)])
    anonymity_threshold = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(3)])

    class Meta:
        abstract = True


class Assessment(ScoringSettingsFields):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(max_length=200)
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


class Campaign(models.Model):
    class Anonymity(models.TextChoices):
        ANONYMOUS = "anonymous", "Anonymous: no link from an answer to a person"
        CONFIDENTIAL = "confidential", "Confidential: link kept but never shown"
        IDENTIFIED = "identified", "Identified"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="campaigns")
    group = models.CharField(max_length=16, choices=Group.choices)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="campaigns")
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    anonymity = models.CharField(max_length=16, choices=Anonymity.choices, default=Anonymity.ANONYMOUS)
    anonymity_threshold = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(3)])
    # The shareable link is a signature over public_id and share_salt: nothing secret is stored,
    # and changing the salt revokes every copy of the old link.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    share_salt = models.CharField(max_length=32, default=new_share_salt)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "group"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "group"], name="one_campaign_per_group_and_assessment"),
            models.CheckConstraint(
                condition=Q(anonymity_threshold__gte=3), name="campaign_anonymity_threshold_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.get_group_display()}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        OPENED = "opened", "Opened"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        BOUNCED = "bounced", "Bounced"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    sends = models.PositiveSmallIntegerField(default=0)
    reminders = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "email"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="one_invitation_per_email_and_campaign")
        ]

    def __str__(self) -> str:
        return self.email


class Response(models.Model):
    """One respondent's answers, saved page by page; it counts once submitted."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        IMPORT = "import", "Import"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    # Kept while the response is in progress so the personal link can resume it; cut at submit
    # in anonymous campaigns (see services.submit_response).
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="self_assessments"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
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
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    # likert5 1-5, nps 0-10; null with not_applicable for "don't know / not applicable".
    value = models.SmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
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

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="dimension_scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
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

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="response_totals")
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

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="dimension_totals")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
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

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="item_totals")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    total_sq = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "item"], name="one_item_total_per_campaign")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.item_id}: n={self.n}"


class Action(models.Model):
    """A roadmap step taken on as work: owner, due date, status; re-measured by the next assessment."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="actions")
    stage = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    baseline_score = models.FloatField(
        null=True, blank=True, help_text="The dimension's score when the action was taken on."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stage", "dimension__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="one_action_per_dimension_and_assessment")
        ]

    def __str__(self) -> str:
        return self.title
