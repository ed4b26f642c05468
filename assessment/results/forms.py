from __future__ import annotations

from django import forms

# As the page's text box allows.
MAX_COMMENTARY = 5000


class CommentaryForm(forms.Form):
    """The consultant's words on a published report; no dimension means the whole report, no text removes them."""

    dimension = forms.CharField(required=False, max_length=100)
    text = forms.CharField(required=False, max_length=MAX_COMMENTARY)
