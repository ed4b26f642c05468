from __future__ import annotations

from django import forms

from .models import Consultancy, Role


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Client organisation's name", max_length=200)
    consultancy = forms.ModelChoiceField(queryset=Consultancy.objects.none(), empty_label=None)
    language = forms.ChoiceField(label="Language of its reports", choices=[])

    def __init__(
        self, *args: object, consultancies: object, languages: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["consultancy"].queryset = consultancies  # type: ignore[attr-defined]
        self.fields["language"].choices = languages  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in (Role.MANAGER, Role.HR, Role.VIEWER)],
        help_text="HR sees employee surveys and results only; a viewer sees published reports only.",
    )


class DeleteForm(forms.Form):
    confirm_name = forms.CharField(label="Type the organisation's name to confirm", max_length=200)
