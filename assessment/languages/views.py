from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext

from ..organisations.access import Need, get_organisation, signed_in_user
from . import services
from .forms import OrganisationSettingsForm, ProfileForm
from .selectors import language_of


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProfileForm(request.POST or None, initial={"language": language_of(user) or translation.get_language()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.set_language_of(user=user, language=language)
        services.remember_language(request=request, language=language)
        with translation.override(language):
            messages.success(request, gettext("Your profile is saved."))
        return redirect("profile")
    return render(request, "languages/profile.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def organisation_settings(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _ = get_organisation(request.user, organisation_id, need=Need.MANAGE)
    form = OrganisationSettingsForm(request.POST or None, initial={"language": organisation.language})
    if request.method == "POST" and form.is_valid():
        services.set_organisation_language(organisation=organisation, language=form.cleaned_data["language"])
        messages.success(request, gettext("Settings of %(name)s saved.") % {"name": organisation.name})
        return redirect("home")
    context = {"organisation": organisation, "form": form}
    return render(request, "languages/organisation_settings.html", context, status=400 if form.errors else 200)
