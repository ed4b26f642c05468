"""Reads for pages, reports and commands, always scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .builtin import BUILTIN_CODE
from .models import (
    Answer,
    Assessment,
    Campaign,
    Group,
    Instrument,
    Item,
    Membership,
    Organisation,
    Response,
    Section,
)

User = AbstractBaseUser | AnonymousUser


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(memberships__user=user) | Q(consultancy__consultants=user)).distinct()


def role_in(user: User, organisation: Organisation) -> str | None:
    """'manager', 'hr' or 'consultant'; None when the user may not see the organisation."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    if membership:
        return membership
    if organisation.consultancy_id and organisation.consultancy.consultants.filter(pk=user.pk).exists():
        return "consultant"
    return None


def visible_groups(role: str | None) -> tuple[str, ...]:
    """HR sees employee results only (PRODUCT.md section 2)."""
    if role == "hr":
        return (Group.EMPLOYEES,)
    if role in ("manager", "consultant"):
        return tuple(Group.values)
    return ()


@dataclass(frozen=True)
class Access:
    organisation: Organisation
    role: str

    @property
    def groups(self) -> tuple[str, ...]:
        return visible_groups(self.role)

    @property
    def can_manage(self) -> bool:
        return self.role in ("manager", "consultant")


def get_organisation_access(user: User, organisation_id: int) -> Access:
    organisation = Organisation.objects.filter(pk=organisation_id).select_related("consultancy").first()
    role = role_in(user, organisation) if organisation else None
    if organisation is None or role is None:
        raise Http404("No such organisation.")
    return Access(organisation, role)


def get_assessment(user: User, assessment_id: int) -> tuple[Assessment, Access]:
    assessment = Assessment.objects.select_related("organisation__consultancy").filter(pk=assessment_id).first()
    role = role_in(user, assessment.organisation) if assessment else None
    if assessment is None or role is None:
        raise Http404("No such assessment.")
    return assessment, Access(assessment.organisation, role)


def get_campaign(user: User, campaign_id: int) -> tuple[Campaign, Access]:
    campaign = (
        Campaign.objects.select_related("assessment__organisation__consultancy", "instrument")
        .filter(pk=campaign_id)
        .first()
    )
    role = role_in(user, campaign.assessment.organisation) if campaign else None
    if campaign is None or role is None or campaign.group not in visible_groups(role):
        raise Http404("No such campaign.")
    return campaign, Access(campaign.assessment.organisation, role)


def dashboard(user: User) -> list[Organisation]:
    """The user's organisations, each with its assessments and their response counts (3 queries)."""
    organisations = list(organisations_for_user(user).order_by("name"))
    assessments = (
        Assessment.objects.filter(organisation__in=organisations)
        .annotate(
            submitted=Count("campaigns__responses", filter=Q(campaigns__responses__submitted_at__isnull=False)),
            campaign_count=Count("campaigns", distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    by_org: dict[int, list[Assessment]] = {}
    for a in assessments:
        by_org.setdefault(a.organisation_id, []).append(a)
    for organisation in organisations:
        organisation.assessment_list = by_org.get(organisation.pk, [])  # type: ignore[attr-defined]
    return organisations


def campaigns_with_progress(assessment: Assessment, groups: tuple[str, ...]) -> list[Campaign]:
    """Campaigns with invitation and response counts in one query."""
    return list(
        assessment.campaigns.filter(group__in=groups)
        .annotate(
            started=Count("responses", distinct=True),
            submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
            invited=Count("invitations", distinct=True),
        )
        .order_by("group")
    )


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    counts = campaign.responses.aggregate(
        started=Count("id"), submitted=Count("id", filter=Q(submitted_at__isnull=False))
    )
    counts["in_progress"] = counts["started"] - counts["submitted"]
    counts["invited"] = campaign.invitations.count()
    counts.update(
        {
            f"invitations_{row['status']}": row["n"]
            for row in campaign.invitations.values("status").annotate(n=Count("id"))
        }
    )
    return counts


def self_assessment_of(assessment: Assessment, user: User) -> Response | None:
    return Response.objects.filter(
        campaign__assessment=assessment, campaign__group=Group.MANAGEMENT, respondent=user
    ).first()


def latest_builtin_instrument() -> Instrument:
    instrument = (
        Instrument.objects.filter(code=BUILTIN_CODE, status=Instrument.Status.PUBLISHED).order_by("-version").first()
    )
    if instrument is None:
        raise LookupError("The built-in instrument is missing: run `python manage.py migrate`.")
    return instrument


@dataclass(frozen=True)
class Page:
    section: Section
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    """What one audience is asked, page by page."""

    instrument_id: int
    audience: str
    pages: tuple[Page, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for page in self.pages for item in page.items)


def questionnaire(instrument: Instrument, audience: str) -> Questionnaire:
    # A published version never changes, so its layout is read once per process.
    if instrument.is_published:
        return _published_questionnaire(instrument.pk, audience)
    return _load_questionnaire(instrument.pk, audience)


@lru_cache(maxsize=64)
def _published_questionnaire(instrument_id: int, audience: str) -> Questionnaire:
    return _load_questionnaire(instrument_id, audience)


def _load_questionnaire(instrument_id: int, audience: str) -> Questionnaire:
    sections = list(Section.objects.filter(instrument_id=instrument_id, audience=audience).order_by("position"))
    items = (
        Item.objects.filter(instrument_id=instrument_id, audience=audience)
        .select_related("dimension")
        .order_by("position")
    )
    by_section: dict[int, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    pages = tuple(Page(section, tuple(by_section.get(section.pk, []))) for section in sections)
    return Questionnaire(instrument_id, audience, pages)


def answers_of(response: Response, items: tuple[Item, ...] | None = None) -> dict[int, Answer]:
    answers = Answer.objects.filter(response=response)
    if items is not None:
        answers = answers.filter(item_id__in=[item.pk for item in items])
    return {answer.item_id: answer for answer in answers}


def response_by_token_hash(token_hash: str) -> Response | None:
    return (
        Response.objects.select_related("campaign__assessment__organisation", "campaign__instrument", "invitation")
        .filter(token_hash=token_hash)
        .first()
    )
