from __future__ import annotations

from django import forms

from .models import Assessment


class AssessmentForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example “2026 Q4”.")


class ScoringSettingsForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = Assessment.FIELDS
        labels = {
            "level_threshold": "A level is attained from this score",
            "dimension_floor": "…with every one of its dimensions at least",
            "weight_customers": "Weight of customers",
            "weight_employees": "Weight of employees",
            "weight_partners": "Weight of partners",
            "weight_shareholders": "Weight of shareholders",
            "anonymity_threshold": "Fewest responses a group needs to be shown (3 or more)",
        }
