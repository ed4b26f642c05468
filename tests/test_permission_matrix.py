"""Every URL of the site x every role (issue 12): who may open it, and that nobody else learns anything.

The URLs come from the resolver, so a new page is in the matrix as soon as it is routed: it fails here
until EXPECTED says who may open it and fillings() knows how to fill its parameters. The expectations are
PRODUCT.md section 2 and the README's "Who sees what": consultants their consultancy's clients, managers
their organisation, HR employee campaigns and employee results only, viewers published reports only,
and another tenant nothing at all.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import strip_tags

from assessment.campaigns.services import campaign_for_group
from assessment.invitations.services import create_invitations
from assessment.models import Consultancy, Membership, Organisation
from assessment.organisations.admin import TenantScopedAdmin
from assessment.responses.views import LINK_COOKIE
from assessment.results.services import publish_result, save_commentary
from assessment.roadmap.services import create_action, set_target
from assessment.tokens import share_signature

from .factories import submit_many

pytestmark = pytest.mark.django_db

ORGANISATION = "Quillon Bakery"
TITLE = "Tamarisk Round"
CONSULTANCY = "Halvard Advisers"
PEOPLE = "quillon-"  # how the organisation's people's usernames and e-mail addresses begin
# Submitted responses per group: numbers no date or time on a page can show, so a count is found.
CUSTOMERS, EMPLOYEES = 67, 61

INSIDE = ("consultant", "manager", "hr", "viewer")
OUTSIDE = ("other_consultant", "other_manager", "other_hr", "other_viewer", "other_staff", "anonymous")
ROLES = INSIDE + OUTSIDE

# Who must be let in, by rule; every other role must be kept out. A campaign's rule depends on its group.
RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "signed_in": lambda variant: frozenset(ROLES) - {"anonymous"},
    "read_published": lambda variant: frozenset(INSIDE),
    # A published snapshot holds every group, so HR (employee results only) is not among its readers.
    "published_report": lambda variant: frozenset({"consultant", "manager", "viewer"}),
    "view": lambda variant: frozenset({"consultant", "manager", "hr"}),
    "manage": lambda variant: frozenset({"consultant", "manager"}),
    "consult": lambda variant: frozenset({"consultant"}),
    # HR runs the employee survey; another group's campaign is as missing to HR as another tenant's.
    "campaign": lambda variant: frozenset({"consultant", "manager"} | ({"hr"} if variant == "employees" else set())),
    # A respondent's link is the credential; the organisation's own staff are refused as respondents.
    "respondent": lambda variant: frozenset(OUTSIDE),
    # A link's first address only checks it and leads to the welcome page, which refuses staff.
    "link": lambda variant: frozenset(ROLES),
    # The Django admin is for staff: only the other tenant's staff user gets in, and sees its own rows only;
    # one of OUR rows (its change, delete or history page) is kept from everyone who is not a site admin.
    "admin": lambda variant: frozenset(),
    "admin_object": lambda variant: frozenset(),
}
# Rules under which a role outside the required set may still get in without it being a leak.
TOLERATED = {"admin": frozenset({"other_staff"})}

# URL name -> (the methods the view serves, rule). A method the view does not serve must still keep out
# whoever the rule keeps out.
EXPECTED: dict[str, tuple[str, str]] = {
    "home": ("GET", "signed_in"),
    "organisation_create": ("POST", "signed_in"),
    "organisation_members": ("GET POST", "manage"),
    "organisation_audit": ("GET", "manage"),
    "organisation_export": ("GET", "manage"),
    "organisation_delete": ("GET POST", "manage"),
    "consultancy_branding": ("GET POST", "consult"),
    "consultancy_logo": ("GET", "read_published"),
    "assessment_create": ("POST", "manage"),
    "assessment": ("GET", "view"),
    "scoring_settings": ("GET POST", "consult"),
    "campaign_create": ("POST", "view"),
    "campaign": ("GET", "campaign"),
    "campaign_close": ("GET POST", "campaign"),
    "campaign_reopen": ("POST", "campaign"),
    "campaign_qr": ("GET", "campaign"),
    "invitations_create": ("POST", "campaign"),
    "recipients_upload": ("POST", "campaign"),
    "recipients_preview": ("GET", "campaign"),
    "recipients_confirm": ("POST", "campaign"),
    "mailing_start": ("POST", "campaign"),
    "reminders_send": ("POST", "campaign"),
    "mailing_progress": ("GET", "campaign"),
    "bounced_correct": ("POST", "campaign"),
    "bounced_retry": ("POST", "campaign"),
    "self_assessment": ("GET", "manage"),
    "self_assessment_section": ("GET POST", "manage"),
    "self_assessment_review": ("GET", "manage"),
    "self_assessment_submit": ("POST", "manage"),
    "respond_shared": ("GET", "link"),
    "respond_welcome": ("GET POST", "respondent"),
    "respond_page": ("GET POST", "respondent"),
    "respond_page_review": ("GET", "respondent"),
    "respond_page_submit": ("POST", "respondent"),
    "respond": ("GET", "link"),
    "respond_section": ("GET POST", "respondent"),
    "respond_review": ("GET", "respondent"),
    "respond_submit": ("POST", "respondent"),
    "respond_start_again": ("POST", "respondent"),
    "action_create": ("POST", "manage"),
    "action_update": ("POST", "manage"),
    "target_set": ("POST", "consult"),
    "report": ("GET", "read_published"),
    "report_publish": ("POST", "manage"),
    "commentary_save": ("POST", "consult"),
    "report_pdf": ("POST", "published_report"),
    "report_pdf_progress": ("GET", "published_report"),
    "report_pdf_download": ("GET", "published_report"),
    "profile": ("GET POST", "signed_in"),
    "organisation_settings": ("GET POST", "manage"),
    "export_responses": ("GET", "view"),
    "export_results": ("GET", "view"),
}
# Pages that show no organisation's data and take no parameter worth filling: opened (GET) and read for
# names, never held to a rule. Posting to them would log someone in or out, or count as a failed login.
PUBLIC = {
    "healthz",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "respond_done",
    "admin:login",
    "admin:logout",
}

DENIED, ALLOWED = "denied", "allowed"


@dataclass(frozen=True)
class Page:
    name: str  # the URL's name, or its route when it has none
    route: str
    pattern: URLPattern


def site_pages(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Page]:
    """Every URL pattern of the site, included ones too, with its whole route."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from site_pages(entry, route, inner)
        else:
            yield Page(f"{namespace}{entry.name}" if entry.name else route, route, entry)


@dataclass(frozen=True)
class World:
    users: dict[str, User]
    organisation: Organisation
    consultancy: Consultancy
    ids: dict[str, int]
    token: str
    share: tuple[str, str]


@pytest.fixture
def world(django_user_model, settings, tmp_path) -> World:
    from assessment.assessments.services import create_assessment

    settings.MEDIA_ROOT = tmp_path

    def user(role: str) -> User:
        name = f"{PEOPLE}{role}" if role in INSIDE else role
        return django_user_model.objects.create_user(username=name, email=f"{name}@example.com")

    consultancy = Consultancy.objects.create(name=CONSULTANCY)
    consultancy.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    rival_consultancy = Consultancy.objects.create(name="Other Advisory")
    organisation = Organisation.objects.create(name=ORGANISATION, consultancy=consultancy)
    rival = Organisation.objects.create(name="Rival Foods", consultancy=rival_consultancy)
    users = {role: user(role) for role in ROLES if role != "anonymous"}
    consultancy.consultants.add(users["consultant"])
    rival_consultancy.consultants.add(users["other_consultant"])
    for role in ("manager", "hr", "viewer"):
        Membership.objects.create(user=users[role], organisation=organisation, role=role)
        Membership.objects.create(user=users[f"other_{role}"], organisation=rival, role=role)
    staff = users["other_staff"]
    Membership.objects.create(user=staff, organisation=rival, role="manager")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="assessment"))

    assessment = create_assessment(organisation=organisation, title=TITLE, created_by=users["manager"])
    create_assessment(organisation=rival, title="Rival round", created_by=users["other_manager"])
    submit_many(assessment, "customers", CUSTOMERS)
    submit_many(assessment, "employees", EMPLOYEES)
    customers = campaign_for_group(assessment=assessment, group="customers")
    employees = campaign_for_group(assessment=assessment, group="employees")
    published = publish_result(assessment=assessment, published_by=users["consultant"])
    save_commentary(published=published, dimension_code="", text="Strong start.", author=users["consultant"])
    set_target(assessment=assessment, dimension_code="L1.LEAD", score=80)
    action = create_action(assessment=assessment, dimension_code="L1.LEAD", title="Lead by example")
    [(_, token)] = create_invitations(campaign=customers, emails=["invitee@example.com"])[0]
    ids = {
        "organisation": organisation.pk,
        "consultancy": consultancy.pk,
        "assessment": assessment.pk,
        "customers": customers.pk,
        "employees": employees.pk,
        "action": action.pk,
    }
    share = (str(customers.public_id), share_signature(str(customers.public_id), customers.share_salt))
    return World(users, organisation, consultancy, ids, token, share)


class NotInMatrix(Exception):
    """A URL the matrix cannot check: it fails the test with the URL's name, it is never skipped."""


def admin_model(route: str) -> tuple[type[Model], admin.ModelAdmin]:
    """The model an admin URL is about ("admin/<app>/<model>/..."), and its admin."""
    app_label, model_name = route.split("/")[1:3]
    model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    assert model is not None, route
    return model, admin.site.get_model_admin(model)


def tenant_rows(route: str) -> bool:
    """Whether the admin URL shows rows of a tenant: a consultancy's, an organisation's, or a user (the
    questionnaire's instruments, sections, items and dimensions are everyone's, as are the admin's own tables)."""
    model, model_admin = admin_model(route)
    return model in (Consultancy, User) or isinstance(model_admin, TenantScopedAdmin)


def admin_object_id(route: str, world: World) -> str:
    """The pk of one of OUR tenant's rows of the model an admin URL is about (any row for shared models)."""
    model, model_admin = admin_model(route)
    if model is User:
        return str(world.users["manager"].pk)
    rows = model._default_manager.order_by("pk")
    if model is Consultancy:
        rows = rows.filter(pk=world.consultancy.pk)
    elif isinstance(model_admin, TenantScopedAdmin) and model_admin.organisation_path is not None:
        path = model_admin.organisation_path or "pk"
        rows = rows.filter(**{path: world.organisation.pk})
    first = rows.first()
    return str(first.pk if first else 0)  # no row: the admin must still answer as for a missing one


def fillings(page: Page, world: World) -> list[tuple[str, dict[str, str]]]:
    """The page's parameters filled from the world, one set per variant (a campaign: customers, employees)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", page.route)
    params = [a or b for a, b in names]
    fixed = {
        "organisation_id": str(world.ids["organisation"]),
        "consultancy_id": str(world.ids["consultancy"]),
        "assessment_id": str(world.ids["assessment"]),
        "action_id": str(world.ids["action"]),
        "number": "1",  # the first section, or the first published report
        "fmt": "csv",
        "token": world.token,
        "public_id": world.share[0],
        "signature": world.share[1],
        "app_label": "assessment",
        "url": "no-such-page/",
        "id": str(world.users["manager"].pk),
        "content_type_id": str(ContentType.objects.get_for_model(Organisation).pk),
    }
    unknown = [p for p in params if p not in fixed and p not in ("campaign_id", "object_id")]
    if unknown:
        raise NotInMatrix(f"{page.name}: the matrix cannot fill {unknown}; add them to fillings()")
    if "object_id" in params:
        fixed["object_id"] = (
            str(world.ids["organisation"]) if "view_on_site" in page.name else admin_object_id(page.route, world)
        )
    if "campaign_id" in params:
        return [(group, {**fixed, "campaign_id": str(world.ids[group])}) for group in ("customers", "employees")]
    return [("", fixed)]


def address(page: Page, values: dict[str, str]) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], page.route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m[1]], path)
    return "/" + path.replace("^", "").replace("$", "")


def rule_of(page: Page) -> tuple[str, str]:
    if page.name in EXPECTED:
        return EXPECTED[page.name]
    if page.name.startswith("admin:") and re.search(r"<(\w+:)?(object_id|id)>", page.route):
        about_a_tenant = "view_on_site" in page.name or tenant_rows(page.route)
        return "GET POST", "admin_object" if about_a_tenant else "admin"
    if page.name.startswith("admin:") or page.route.startswith("admin/"):
        return "GET POST", "admin"  # unnamed: the object's old address, a redirect to its change page
    raise NotInMatrix(f"{page.name} ({page.route}): no expectation; add who may open it to EXPECTED")


def outcome(reply) -> str:
    status = reply.status_code
    if status in (401, 403, 404, 405):
        return DENIED
    if 300 <= status < 400:
        # The admin answers another tenant's object with its index page; everyone else with the login page.
        target = urlsplit(reply["Location"]).path
        return DENIED if target in (reverse("login"), reverse("admin:login"), reverse("admin:index")) else ALLOWED
    if 200 <= status < 300 or status == 400:  # 400: let in, but the (empty) form was refused
        return ALLOWED
    return f"status {status}"


SECRETS = (ORGANISATION, TITLE, CONSULTANCY, PEOPLE)
COUNTS = re.compile(rf"\b({CUSTOMERS}|{EMPLOYEES})\b")


def told(body: bytes, role: str) -> list[str]:
    """What of the organisation a reply gives away: its names, its people's, or its counts in the visible
    text. The signed-in user's own name (in the page header) gives nothing away."""
    text = body.decode("utf-8", "replace").replace(f"{PEOPLE}{role}", "")
    found = [secret for secret in SECRETS if secret in text]
    visible = strip_tags(re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S))
    return found + [f"count {m}" for m in COUNTS.findall(visible)]


def clients(world: World) -> dict[str, Client]:
    """One browser per role, signed in once; each holds the respondent's remembered link, as the welcome
    page leaves it (so the pages without a token in their address are reached too)."""
    browsers = {}
    for role in ROLES:
        browser = Client(raise_request_exception=False)
        if role != "anonymous":
            browser.force_login(world.users[role])
        browser.cookies[LINK_COOKIE] = signing.get_cookie_signer(salt=LINK_COOKIE + LINK_COOKIE).sign(world.token)
        browsers[role] = browser
    return browsers


def request(browser: Client, method: str, url: str):
    """One cell, undone afterwards: a POST's side effects never reach the next cell."""
    with transaction.atomic():
        reply = browser.get(url) if method == "GET" else browser.post(url, {})
        body = b"".join(reply.streaming_content) if reply.streaming else reply.content
        transaction.set_rollback(True)
    return reply, body


@dataclass(frozen=True)
class Cell:
    page: Page
    variant: str
    url: str
    methods: str  # the methods the view serves; "" for a public page, opened and read only
    rule: str


def matrix(world: World) -> list[Cell]:
    """Every URL with its parameters filled; every URL that cannot be checked is named in one failure."""
    cells, problems = [], []
    for page in site_pages():
        if page.name in PUBLIC:
            if not re.search(r"<|\(\?P", page.route):
                cells.append(Cell(page, "", address(page, {}), "", ""))
            continue
        try:
            methods, rule = rule_of(page)
            cells += [
                Cell(page, variant, address(page, values), methods, rule) for variant, values in fillings(page, world)
            ]
        except NotInMatrix as problem:
            problems.append(str(problem))
    if problems:
        pytest.fail("\n".join(problems))
    return cells


def built_pdf(world: World) -> None:
    """The published report's PDF as a finished build leaves it, so its download is there to refuse or give."""
    from assessment.results.pdf import ReportPdf

    published = world.organisation.assessments.get().published.get()
    path = ReportPdf.of(published, world.organisation.language).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 placeholder")


@dataclass
class Findings:
    cells: int = 0
    leaks: list[tuple[object, ...]] = field(default_factory=list)
    wrongly_denied: list[tuple[object, ...]] = field(default_factory=list)
    errors: list[tuple[object, ...]] = field(default_factory=list)


def check(cells: list[Cell], browsers: dict[str, Client]) -> Findings:
    """Each cell as each role, by GET and POST: let in or kept out as its rule says, and telling nothing."""
    found = Findings()
    for cell in cells:
        let_in = RULES[cell.rule](cell.variant) if cell.rule else frozenset()
        tolerated = let_in | TOLERATED.get(cell.rule, frozenset())
        for role in ROLES:
            for method in ("GET", "POST") if cell.methods else ("GET",):
                reply, body = request(browsers[role], method, cell.url)
                found.cells += 1
                result = outcome(reply)
                where = (cell.page.name, cell.variant, role, method, cell.url)
                if not cell.methods:
                    pass  # a public page: only what it tells is checked
                elif result not in (ALLOWED, DENIED):
                    found.errors.append((*where, result))
                elif result == ALLOWED and role not in tolerated:
                    found.leaks.append((*where, f"let in ({reply.status_code})"))
                elif result == DENIED and role in let_in and method in cell.methods:
                    found.wrongly_denied.append((*where, reply.status_code))
                outsider = role in OUTSIDE and cell.rule not in ("respondent", "link")
                if result == DENIED or outsider:
                    found.leaks += [(*where, f"tells {what}") for what in told(body, role)]
    return found


@pytest.fixture
def quiet(monkeypatch):
    """Hundreds of 403s and 404s are the expected answers here, not news for the log."""
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)


def test_every_url_for_every_role(world, quiet):
    built_pdf(world)
    cells = matrix(world)
    started, cpu = time.perf_counter(), time.process_time()
    found = check(cells, clients(world))
    print(
        f"\npermission matrix: {len({c.page.name for c in cells})} URLs, {found.cells} cells, "
        f"{len(found.leaks)} leaks, {len(found.wrongly_denied)} wrongly denied, {len(found.errors)} errors "
        f"({time.perf_counter() - started:.1f} s, {time.process_time() - cpu:.1f} s of this process's CPU)"
    )
    for line in found.leaks + found.wrongly_denied + found.errors:
        print("  ", line)
    assert not found.leaks, f"{len(found.leaks)} leaks"
    assert not found.wrongly_denied, f"{len(found.wrongly_denied)} cells wrongly denied"
    assert not found.errors, f"{len(found.errors)} unexpected answers"


def test_the_matrix_finds_a_broken_rule(world, quiet, monkeypatch):
    """The check itself can fail: viewers wrongly given MANAGE, or every tenant listed on everyone's home page."""
    from assessment.models import Organisation as Tenant
    from assessment.organisations import access, selectors

    cells = [cell for cell in matrix(world) if cell.page.name in ("organisation_members", "organisation_audit", "home")]
    with monkeypatch.context() as broken:
        broken.setitem(access._ROLES_FOR, access.Need.MANAGE, frozenset(access.Role) - {access.Role.HR})
        found = check(cells, clients(world))
    assert {(leak[0], leak[2]) for leak in found.leaks} == {
        ("organisation_members", "viewer"),
        ("organisation_audit", "viewer"),
    }
    with monkeypatch.context() as broken:
        broken.setattr(selectors, "organisations_for", lambda user: Tenant.objects.all())
        broken.setattr(selectors, "roles_in", lambda user, tenants: {t.pk: access.Role.VIEWER for t in tenants})
        found = check(cells, clients(world))
    signed_in_outsiders = set(OUTSIDE) - {"anonymous"}
    assert {(leak[0], leak[2]) for leak in found.leaks} == {("home", role) for role in signed_in_outsiders}
    assert {leak[-1] for leak in found.leaks} == {f"tells {ORGANISATION}", f"tells {TITLE}"}


def test_every_expectation_names_a_url_of_the_site():
    names = {page.name for page in site_pages()}
    assert set(EXPECTED) - names == set()
    assert PUBLIC - names == set()
