from __future__ import annotations

from django import forms

from .models import Action


class ActionForm(forms.Form):
    dimension = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=200)
    owner = forms.CharField(max_length=200, required=False)
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionUpdateForm(forms.Form):
    owner = forms.CharField(max_length=200, required=False)
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(choices=Action.Status.choices)


class TargetForm(forms.Form):
    """The score to aim one dimension at; no score removes the target."""

    dimension = forms.CharField(max_length=100)
    score = forms.FloatField(required=False, min_value=0, max_value=100)
