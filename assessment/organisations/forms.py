from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .logos import checked_logo
from .models import Consultancy, Role


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Client organisation's name"), max_length=200)
    consultancy = forms.ModelChoiceField(queryset=Consultancy.objects.none(), empty_label=None)
    language = forms.ChoiceField(label=_("Language of its reports"), choices=[])

    def __init__(
        self, *args: object, consultancies: object, languages: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["consultancy"].queryset = consultancies  # type: ignore[attr-defined]
        self.fields["language"].choices = languages  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in (Role.MANAGER, Role.HR, Role.VIEWER)],
        help_text=_("HR sees employee surveys and results only; a viewer sees published reports only."),
    )


class DeleteForm(forms.Form):
    confirm_name = forms.CharField(label=_("Type the organisation's name to confirm"), max_length=200)


class LoginForm(AuthenticationForm):
    """Django's login form does not check the username's length; django-axes, recording the failure, then
    fails on a username longer than its column (a server error). Too long is simply a wrong login."""

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if len(username) > (self.username_field.max_length or 254):  # Django's own default
            raise self.get_invalid_login_error()
        return username


class BrandingForm(forms.Form):
    """A consultancy's colours and logo; the file itself is checked by logos.checked_logo."""

    brand_colour = forms.RegexField(
        label=_("Brand colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        error_messages={"invalid": _("A colour is written #rrggbb, for example #0d6efd.")},
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    accent_colour = forms.RegexField(
        label=_("Accent colour (headings)"),
        regex=r"^#[0-9a-fA-F]{6}$",
        error_messages={"invalid": _("A colour is written #rrggbb, for example #0d6efd.")},
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or SVG, 1 MB at most. An SVG may not contain scripts or links to other files."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_logo(self) -> object:
        logo = self.cleaned_data.get("logo") or None
        if logo is not None:
            checked_logo(logo)
        return logo
