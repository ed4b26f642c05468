from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .organisations.forms import LoginForm


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers (no database query)."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # First: the respondents' pages take most requests, and each include tried before theirs costs a resolve.
    path("", include("assessment.responses.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include("assessment.organisations.urls")),
    path("", include("assessment.assessments.urls")),
    path("", include("assessment.campaigns.urls")),
    path("", include("assessment.invitations.urls")),
    path("", include("assessment.roadmap.urls")),
    path("", include("assessment.results.urls")),
    path("", include("assessment.exports.urls")),
    path("", include("assessment.languages.urls")),
    path("admin/", admin.site.urls),
]
