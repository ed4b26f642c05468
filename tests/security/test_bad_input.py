"""Every staff form, upload and respondent page under the bad-input corpus (issue 11).

Each value is posted into one field at a time, the other fields valid, as a browser would post it
(urlencoded; a value in bytes is posted as bytes that are not UTF-8). A value must be refused with a
4xx or stored; wherever it is shown afterwards, its markup must be escaped. Run with -s to read the counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from assessment.campaigns.services import campaign_for_group, create_campaign
from assessment.instruments.selectors import questionnaire
from assessment.invitations.services import create_invitations
from assessment.models import Campaign, Consultancy, Item
from assessment.responses.forms import field_name
from assessment.results.services import publish_result
from assessment.roadmap.services import create_action

from ..helpers import answer_for, page_answers
from .bad_inputs import (
    CHOICE,
    CONTROL,
    DATES,
    DATETIMES,
    FORMULAS,
    MARKUP,
    MARKUP_SIGNS,
    NUMERIC,
    TEXT,
    Tally,
    describe,
    logo_files,
    recipient_files,
    url_path_values,
)

pytestmark = pytest.mark.django_db
TOTAL = Tally()


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    print(f"\n{TOTAL.line('bad-input corpus, web (all tests)')}")


@dataclass
class Prober:
    """Sends each bad input, counting tries, server errors (a 500 or an exception) and unescaped markup."""

    client: Client
    tally: Tally = field(default_factory=Tally)

    def post(self, url: str, data: dict[str, Any], *, value: object = None, **extra: Any) -> HttpResponse | None:
        body = urlencode(list(_pairs(data)), doseq=True)
        return self.send("post", url, body, value=value, content_type="application/x-www-form-urlencoded", **extra)

    def send(
        self, method: str, url: str, data: Any = None, *, value: object = None, **extra: Any
    ) -> HttpResponse | None:
        self.tally.tried += 1
        where = f"{method.upper()} {url[:120]} with {describe(value)}"
        try:
            with transaction.atomic():  # a database error must not spoil the requests after it
                reply: HttpResponse = getattr(self.client, method)(url, data, **extra)
        except Exception as error:
            self.tally.server_errors.append(f"{where}: {type(error).__name__}: {str(error)[:200]}")
            return None
        if reply.status_code >= 500:
            self.tally.server_errors.append(f"{where}: status {reply.status_code}")
        self.shown_escaped(reply, where)
        return reply

    def vary(
        self, url: str, valid: dict[str, Any], name: str, values: Iterable[Any], after: Callable[[], None] | None = None
    ) -> None:
        """Post the valid form with each value in one field."""
        for value in values:
            self.post(url, {**valid, name: value}, value=f"{name}={describe(value)}")
            if after:
                after()

    def shown_escaped(self, reply: HttpResponse, where: str) -> None:
        if reply.streaming or "html" not in reply.get("Content-Type", ""):
            return
        page = reply.content.decode("utf-8", "replace")
        self.tally.unsafe += [f"{where}: {sign!r} unescaped" for sign in MARKUP_SIGNS if sign in page]

    def show(self, *urls: str) -> None:
        """Where the stored values show up: each page answers, and no markup comes through unescaped."""
        for url in urls:
            reply = self.send("get", url, value="(the page showing the stored values)")
            if reply is not None and reply.status_code != 200:
                self.tally.server_errors.append(f"GET {url}, showing the stored values: status {reply.status_code}")

    def verdict(self, label: str) -> None:
        TOTAL.add(self.tally)
        print(f"\n{self.tally.line(label)}")
        assert not self.tally.server_errors and not self.tally.unsafe, self.tally.report(label)


def _pairs(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        for each in value if isinstance(value, list) else [value]:
            yield key, each if isinstance(each, bytes) else str(each)


@pytest.fixture
def consultant(django_user_model, organisation):
    user = django_user_model.objects.create_user(username="consultant", password="pw-for-tests-1")
    consultancy = Consultancy.objects.create(name="Advisers Ltd")
    consultancy.consultants.add(user)
    organisation.consultancy = consultancy
    organisation.save()
    return user


def staff(user) -> Prober:
    client = Client()
    client.force_login(user)
    return Prober(client)


def test_organisation_forms(manager, consultant, organisation):
    probe = staff(consultant)
    valid = {"name": "Client", "consultancy": organisation.consultancy_id, "language": "en"}
    probe.vary(reverse("organisation_create"), valid, "name", TEXT)
    for name in ("consultancy", "language"):
        probe.vary(reverse("organisation_create"), valid, name, NUMERIC)
    members = reverse("organisation_members", args=[organisation.pk])
    valid = {"email": "x@example.com", "role": "hr"}
    probe.vary(members, valid, "email", [*TEXT, '"<script>"@x.example', "=1+2@example.com"])
    probe.vary(members, valid, "role", CHOICE)
    probe.vary(reverse("organisation_delete", args=[organisation.pk]), {}, "confirm_name", TEXT)
    probe.vary(reverse("organisation_settings", args=[organisation.pk]), {}, "language", CHOICE)
    probe.vary(reverse("profile"), {}, "language", CHOICE)
    probe.show(reverse("home"), members, reverse("organisation_audit", args=[organisation.pk]))
    probe.verdict("organisation forms")


def test_branding_form_and_logo_uploads(consultant, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    consultancy = organisation.consultancy
    probe = staff(consultant)
    url = reverse("consultancy_branding", args=[consultancy.pk])
    valid = {"brand_colour": "#112233", "accent_colour": "#445566"}
    for name in valid:
        probe.vary(url, valid, name, [*CHOICE, "#12345g", "#1234567", "red", "#fff"])
    for name, content in logo_files():
        data = {**valid, "logo": SimpleUploadedFile(name, content)}
        probe.send("post", url, data, value=f"logo {name[:40]!r} ({len(content)} bytes)")
        consultancy.refresh_from_db()
        stored = Path(consultancy.logo.name or "")
        if ".." in stored.parts or stored.is_absolute():
            probe.tally.unsafe.append(f"logo {name[:40]!r} stored as {stored}")
    assert consultancy.logo.name.endswith(".svg")  # the good files under odd names were taken, renamed
    probe.send("get", reverse("consultancy_logo", args=[consultancy.pk]), value="the last logo")
    probe.show(url)
    probe.verdict("branding form and logo uploads")


def test_assessment_and_scoring_forms(manager, consultant, organisation, assessment):
    probe = staff(manager)
    probe.vary(reverse("assessment_create", args=[organisation.pk]), {}, "title", TEXT)
    probe.show(reverse("home"))
    probe.client.force_login(consultant)
    valid = {name: getattr(assessment, name) for name in assessment.FIELDS}
    for name in valid:
        probe.vary(reverse("scoring_settings", args=[assessment.pk]), valid, name, NUMERIC)
    probe.show(reverse("scoring_settings", args=[assessment.pk]), reverse("assessment", args=[assessment.pk]))
    probe.verdict("assessment and scoring settings forms")


def test_campaign_forms(manager, assessment):
    probe = staff(manager)
    url = reverse("campaign_create", args=[assessment.pk])
    valid = {"group": "employees", "anonymity": "anonymous", "anonymity_threshold": 5, "closes_at": ""}

    def undo() -> None:  # each accepted value makes the campaign; take it away so the next value reaches the service
        Campaign.objects.filter(assessment=assessment, group="employees").delete()

    for name, values in {"group": CHOICE, "anonymity": CHOICE, "anonymity_threshold": NUMERIC}.items():
        probe.vary(url, valid, name, values, after=undo)
    probe.vary(url, valid, "closes_at", [*CHOICE, *DATETIMES], after=undo)
    campaign = create_campaign(assessment=assessment, group="partners")
    for name in ("close", "reopen"):
        probe.vary(reverse(f"campaign_{name}", args=[campaign.pk]), {}, "confirm", CHOICE[:3])
    probe.show(reverse("assessment", args=[assessment.pk]), reverse("campaign", args=[campaign.pk]))
    probe.verdict("campaign forms")


def test_invitation_and_sending_forms(manager, campaign):
    probe = staff(manager)
    url = reverse("invitations_create", args=[campaign.pk])
    emails = ["=1+2@example.com", "+cmd@example.com", "@SUM(A1)@example.com", '"<script>alert(1)</script>"@x.example']
    probe.vary(url, {}, "emails", [*TEXT, *emails, "a@example.com " * 2001])
    probe.vary(url, {"emails": "ok@example.com"}, "reissue", CHOICE)
    for name in ("mailing_start", "reminders_send"):
        probe.vary(reverse(name, args=[campaign.pk]), {}, "reminder_days", [*NUMERIC, ["3", "<script>"]])
    probe.send("get", reverse("mailing_progress", args=[campaign.pk]), value="progress")
    probe.show(reverse("campaign", args=[campaign.pk]))
    probe.verdict("invitation and sending forms")


def test_recipient_list_uploads(manager, campaign):
    probe = staff(manager)
    upload = reverse("recipients_upload", args=[campaign.pk])
    preview = reverse("recipients_preview", args=[campaign.pk])
    confirm = reverse("recipients_confirm", args=[campaign.pk])
    for name, content in recipient_files():
        reply = probe.send("post", upload, {"file": SimpleUploadedFile(name, content)}, value=f"file {name[:40]!r}")
        if reply is not None and reply.status_code == 302:
            probe.send("get", preview, value=f"preview of {name[:40]!r}")
    probe.send("post", upload, {"file": "not a file"}, value="a text field for the file")
    probe.send("post", upload, {}, value="no file")
    for action in CHOICE:
        probe.post(confirm, {"action": action}, value=f"action={describe(action)}")
    probe.send("post", upload, {"file": SimpleUploadedFile("everything.csv", recipient_files()[0][1])}, value="list")
    probe.post(confirm, {"action": "confirm"}, value="confirm")
    probe.show(reverse("campaign", args=[campaign.pk]))
    probe.verdict("recipient list uploads")


@pytest.fixture
def action(assessment):
    return create_action(assessment=assessment, dimension_code="L1.LEAD", title="Lead by example")


def test_action_plan_and_target_forms(manager, consultant, assessment, action):
    probe = staff(manager)
    url = reverse("action_create", args=[assessment.pk])
    valid = {"dimension": "L1.SKILLS", "title": "Train", "owner": "", "due_date": ""}
    for name, values in {"dimension": CHOICE, "title": TEXT, "owner": CHOICE, "due_date": [*CHOICE, *DATES]}.items():
        probe.vary(url, valid, name, values)
    url = reverse("action_update", args=[action.pk])
    valid = {"owner": "Ann", "due_date": "", "status": "planned"}
    for name, values in {"owner": TEXT, "due_date": [*CHOICE, *DATES], "status": CHOICE}.items():
        probe.vary(url, valid, name, values)
    probe.client.force_login(consultant)
    url = reverse("target_set", args=[assessment.pk])
    probe.vary(url, {"dimension": "L1.LEAD", "score": "60"}, "dimension", CHOICE)
    probe.vary(url, {"dimension": "L1.LEAD", "score": "60"}, "score", NUMERIC)
    probe.show(reverse("report", args=[assessment.pk]))
    probe.verdict("action plan and target forms")


def test_report_commentary_and_export_addresses(manager, consultant, assessment):
    publish_result(assessment=assessment, published_by=manager)
    probe = staff(consultant)
    url = reverse("commentary_save", args=[assessment.pk, 1])
    probe.vary(url, {"dimension": "", "text": "Fine"}, "dimension", CHOICE)
    probe.vary(url, {"dimension": "", "text": "Fine"}, "text", TEXT)
    probe.post(reverse("report_publish", args=[assessment.pk]), {"x": CHOICE[0]}, value="publish")
    # Each is a whole report: the numbers that once broke int(), and one of each other kind.
    for value in ["²", "٣", "9" * 400, "-1", "0x10", " 1", *MARKUP[:2], FORMULAS[0], CONTROL[0], ""]:
        for address in (
            reverse("report", args=[assessment.pk]),
            reverse("export_results", args=[assessment.pk, "csv"]),
        ):
            probe.send("get", address, {"published": value}, value=f"published={describe(value)}")
    for name in ("report_pdf_progress", "report_pdf_download"):
        probe.send("get", reverse(name, args=[assessment.pk, 99]), value="a publication that does not exist")
    probe.send("post", reverse("report_pdf", args=[assessment.pk, 99]), value="a publication that does not exist")
    probe.show(reverse("report", args=[assessment.pk]) + "?published=1")
    probe.verdict("report, commentary and export addresses")


def test_huge_and_odd_ids_in_staff_addresses(manager):
    probe = staff(manager)
    for number in ("0", "2147483648", "9223372036854775808", "9" * 400):
        for path in (
            "assessments/{}/",
            "campaigns/{}/",
            "organisations/{}/members/",
            "assessments/{}/report/",
            "actions/{}/",
            "assessments/{}/self-assessment/{}/",
            "r/page/{}/",
        ):
            probe.send("get", "/" + path.replace("{}", number), value=f"id {number[:30]}")
    probe.verdict("ids in staff addresses")


def test_login_and_password_reset_forms(manager):
    probe = Prober(Client())
    for n, name in enumerate(("username", "password")):
        for m, value in enumerate(TEXT if name == "username" else CHOICE):
            # A new address each time, so the lockout after a few failures does not hide the form.
            address = f"10.{n}.{m // 250}.{m % 250 + 1}"
            probe.post(
                reverse("login"),
                {"username": "owner", "password": "wrong", name: value},
                value=describe(value),
                REMOTE_ADDR=address,
            )
    probe.vary(reverse("password_reset"), {}, "email", TEXT)
    for value in url_path_values():
        probe.send("get", f"/accounts/reset/{value}/{value}/", value=f"reset link {value[:30]}")
    probe.verdict("login and password reset forms")


def _one_of_each_type(campaign: Campaign) -> list[tuple[int, Any]]:
    """(page number, item) for the first item of each type in the questionnaire."""
    seen: dict[str, tuple[int, Any]] = {}
    for number, page in enumerate(questionnaire(campaign.instrument_id, campaign.group).pages, start=1):
        for item in page.items:
            seen.setdefault(item.type, (number, item))
    return list(seen.values())


def _answer_each_field(probe: Prober, campaign: Campaign, page_url: Callable[[int], str], *, full: bool = True) -> None:
    """Each kind of question with the corpus; full=False, a shorter one (another way to the same pages)."""
    answered = _one_of_each_type(campaign)
    for number, item in answered:
        valid = page_answers(campaign, number)
        values = CHOICE if not full else TEXT if item.type == Item.Type.TEXT else [*NUMERIC, *CHOICE]
        probe.vary(page_url(number), valid, field_name(item), [*values, [answer_for(item, "4"), "<script>"]])
    number, _ = answered[0]
    valid = page_answers(campaign, number)
    probe.vary(page_url(number), valid, "action", CHOICE)
    probe.post(page_url(number), {**valid, "<script>alert(1)</script>": "x"}, value="an unknown field")


def test_respondent_pages_by_personal_link(campaign):
    [(_, token)], _ = create_invitations(campaign=campaign, emails=["invitee@example.com"])
    probe = Prober(Client())
    probe.send("get", reverse("respond", args=[token]), value="the personal link")
    for value in CHOICE:
        probe.post(reverse("respond_welcome"), {"language": value}, value=f"language={describe(value)}")
    probe.post(reverse("respond_welcome"), {"language": "en"}, value="start")
    _answer_each_field(probe, campaign, lambda number: reverse("respond_page", args=[number]))
    _answer_each_field(probe, campaign, lambda number: reverse("respond_section", args=[token, number]), full=False)
    probe.show(
        reverse("respond_page_review"), reverse("respond_review", args=[token]), reverse("respond_page", args=[5])
    )
    for url in (reverse("respond_page_submit"), reverse("respond_submit", args=[token])):
        probe.post(url, {"x": CHOICE[0]}, value="submit")
    probe.verdict("respondent pages (personal link)")


def test_respondent_addresses_and_cookies(campaign):
    probe = Prober(Client())
    for value in url_path_values():
        probe.send("get", f"/r/{value}/", value=f"token {value[:30]}")
        probe.send("post", f"/r/{value}/1/", {"action": "next"}, value=f"token {value[:30]}")
        probe.send("get", f"/s/{campaign.public_id}/{value}/", value=f"signature {value[:30]}")
    for value in ["<script>", "xx-" + "9" * 400, "ar;q=2, *;q=x", "\x00", "en" * 5000]:
        url = reverse("respond_shared", args=[campaign.public_id, "x"])
        probe.send("get", url, value=f"Accept-Language {value[:20]!r}", HTTP_ACCEPT_LANGUAGE=value)
        probe.client.cookies["django_language"] = value
        probe.send("get", reverse("respond_welcome"), value=f"language cookie {value[:20]!r}")
    for value in ["", "x", "<script>alert(1)</script>", "s" + "0" * 32 + ":x", "\u202e", "%00"]:
        # As a WSGI server hands the cookie header over: its UTF-8 bytes read as Latin-1.
        raw = value.encode().decode("latin-1")
        probe.client.cookies["respondent-link"] = raw
        probe.client.cookies[f"answered-{campaign.public_id}"] = raw
        for url in (reverse("respond_welcome"), reverse("respond_page", args=[1]), reverse("respond_page_review")):
            probe.send("get", url, value=f"cookie {value!r}")
        probe.post(reverse("respond_welcome"), {"language": "en"}, value=f"cookie {value!r}")
    probe.verdict("respondent addresses and cookies")


def test_self_assessment_pages(manager, assessment):
    management = campaign_for_group(assessment=assessment, group="management")
    probe = staff(manager)
    probe.send("get", reverse("self_assessment", args=[assessment.pk]), value="start")
    _answer_each_field(
        probe, management, lambda number: reverse("self_assessment_section", args=[assessment.pk, number])
    )
    probe.show(reverse("self_assessment_review", args=[assessment.pk]))
    probe.post(reverse("self_assessment_submit", args=[assessment.pk]), {"x": CHOICE[0]}, value="submit")
    probe.verdict("self-assessment pages")


def test_admin_search_add_forms_and_actions(django_user_model, assessment):
    admin = django_user_model.objects.create_superuser("site-admin", "admin@example.com", "pw-for-tests-1")
    probe = staff(admin)
    searched = ["assessment", "auditevent", "item", "invitation", "delivery", "organisation"]
    for model in searched:
        for value in CHOICE:
            if isinstance(value, str):
                probe.send("get", f"/admin/assessment/{model}/", {"q": value}, value=f"{model} q={describe(value)}")
    add = "/admin/assessment/organisation/add/"
    probe.vary(
        add,
        {"name": "Admin client", "language": "en", "created_at_0": "2026-01-01", "created_at_1": "10:00"},
        "name",
        CHOICE,
    )
    for model, action in (("instrument", "new_draft"), ("instrument", "publish"), ("responsetotal", "rebuild")):
        # Ids only: Django's admin itself answers a non-numeric id here with a server error (left to Django).
        for value in NUMERIC[:6]:
            data = {"action": action, "_selected_action": value, "index": "0"}
            probe.post(f"/admin/assessment/{model}/", data, value=f"{action} of {describe(value)}")
    probe.show("/admin/assessment/organisation/")
    probe.verdict("admin search, add form and actions")
