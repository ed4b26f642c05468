"""Staff accounts: login throttling with a 429 page, sessions that end, a password reset by e-mail (issue 11)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_waits(client, manager):
    replies = [log_in(client, "owner", f"wrong-{n}") for n in range(30)]
    assert {reply.status_code for reply in replies[: settings.AXES_FAILURE_LIMIT - 1]} == {200}
    assert replies[-1].status_code == 429
    assert "Too many attempts" in replies[-1].content.decode()
    locked = log_in(client, "owner", PASSWORD)
    assert locked.status_code == 429  # the right password does not get in while locked
    assert "_auth_user_id" not in client.session


def test_a_locked_account_does_not_lock_out_another_one_from_another_address(client, manager, hr_user):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "owner", f"wrong-{n}")
    reply = client.post(reverse("login"), {"username": "hr-person", "password": PASSWORD}, REMOTE_ADDR="192.0.2.50")
    assert reply.status_code == 302


def test_sessions_end_after_a_working_day_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 10 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_every_page_denies_browser_features_it_does_not_use(client):
    policy = client.get(reverse("login")).headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_a_password_is_reset_by_e_mail(client, manager):
    manager.email = "owner@example.com"
    manager.save()
    reply = client.post(reverse("password_reset"), {"email": "owner@example.com"})
    assert reply.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a-new-Passphrase-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Your password is changed" in done.content.decode()
    assert log_in(client, "owner", new).status_code == 302
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_the_content_security_policy_allows_no_inline_script(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
