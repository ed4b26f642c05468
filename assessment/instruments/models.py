"""Versioned questionnaires: dimensions, instrument versions, their sections (pages) and items."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..groups import Group


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
    # On a management item, the codes of the stakeholder items asking about the same behaviour, so that
    # a perception gap compares like with like.
    mirrors = models.JSONField(default=list, blank=True)
    # {"item": CODE, "values": [...]}: shown only to respondents who chose one of these values of an
    # earlier single-choice item (a filter question); null for items everybody sees.
    shown_if = models.JSONField(null=True, blank=True)

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


class InstrumentTranslation(PartOfInstrument):
    """An instrument version's texts in one more language; English is the source. Frozen with its version,
    so a translation fix is a new version too and never changes what a published version asked."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    # {"title", "description", "levels": {"1": {name, description}}, "dimensions": {CODE: {name, description}},
    #  "sections": {"audience/key": {title, intro}}, "items": {CODE: {text, choices: {value: label}}}}
    texts = models.JSONField()

    class Meta(PartOfInstrument.Meta):
        constraints = [
            models.UniqueConstraint(fields=["instrument", "language"], name="one_translation_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.language})"
