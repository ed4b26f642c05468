from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from .. import scoring
from .models import Assessment


class AssessmentForm(forms.Form):
    title = forms.CharField(max_length=200, help_text=_("For example “2026 Q4”."))


class ScoringSettingsForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = Assessment.FIELDS
        labels = {
            "level_threshold": _("A level is attained from this score"),
            "dimension_floor": _("…with every one of its dimensions at least"),
            "weight_customers": _("Weight of customers"),
            "weight_employees": _("Weight of employees"),
            "weight_partners": _("Weight of partners"),
            "weight_shareholders": _("Weight of shareholders"),
            "anonymity_threshold": _("Fewest responses a group needs to be shown (3 or more)"),
        }
        help_texts = {
            "level_threshold": _("0 to 100; the default is 70."),
            "dimension_floor": _("0 to 100, at most the level score above; the default is 50."),
            "weight_customers": _("Weights are renormalised over the groups that answered; 0 leaves a group out."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The browser refuses what the server would refuse, so nothing typed is lost to a round trip.
        threshold = cast(forms.IntegerField, self.fields["anonymity_threshold"])
        threshold.min_value = scoring.MIN_ANONYMITY_THRESHOLD
        threshold.validators.append(MinValueValidator(scoring.MIN_ANONYMITY_THRESHOLD))
        threshold.widget.attrs["min"] = scoring.MIN_ANONYMITY_THRESHOLD
        for name in ("level_threshold", "dimension_floor"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 100, "step": "any"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        floor, threshold = data.get("dimension_floor"), data.get("level_threshold")
        if floor is not None and threshold is not None and floor > threshold:
            self.add_error(
                "dimension_floor",
                _("Every dimension's minimum (%(floor)g) cannot be above the level score it supports (%(threshold)g).")
                % {"floor": floor, "threshold": threshold},
            )
        return data
