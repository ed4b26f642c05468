"""Who may see and do what: the access rules of PRODUCT.md section 2, in one place.

Every staff view, the commands that show an organisation's data and the admin go through here.
Another organisation's object and a missing one get the same answer (404); a role that may see the
object but not do what was asked gets a 403.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from ..db import single
from ..groups import Group
from .models import Consultancy, Membership, Organisation, Role

T = TypeVar("T")
M = TypeVar("M", bound=Model)


class Operator:
    """Whoever runs a management command: they hold the database already, so they see every organisation."""

    is_authenticated = True
    is_superuser = True
    pk = None


OPERATOR = Operator()
Principal = User | AnonymousUser | Operator


class Need(enum.Enum):
    READ_PUBLISHED = "read_published"  # published reports: every role, viewers included
    VIEW = "view"  # the work itself (campaigns, live results): every role but viewers (HR: employees only)
    MANAGE = "manage"  # change it: managers and consultants
    CONSULT = "consult"  # the scoring numbers: the organisation's consultant only


_ROLES_FOR = {
    Need.READ_PUBLISHED: frozenset(Role),
    Need.VIEW: frozenset({Role.MANAGER, Role.HR, Role.CONSULTANT}),
    Need.MANAGE: frozenset({Role.MANAGER, Role.CONSULTANT}),
    Need.CONSULT: frozenset({Role.CONSULTANT}),
}


class NotFound(Http404):
    pass


class Forbidden(PermissionDenied):
    pass


def visible_groups(role: Role | None) -> tuple[str, ...]:
    """HR sees employee results only (PRODUCT.md section 2); a viewer every group of a published report."""
    if role == Role.HR:
        return (Group.EMPLOYEES,)
    if role in (Role.MANAGER, Role.CONSULTANT, Role.VIEWER):
        return tuple(Group.values)
    return ()


@dataclass(frozen=True)
class Access:
    organisation: Organisation
    role: Role

    @property
    def groups(self) -> tuple[str, ...]:
        return visible_groups(self.role)

    def may(self, need: Need, group: str | None = None) -> bool:
        # HR runs the employee survey: it may manage employee campaigns, and nothing else.
        if need == Need.MANAGE and self.role == Role.HR and group == Group.EMPLOYEES:
            return True
        return self.role in _ROLES_FOR[need]

    @property
    def can_manage(self) -> bool:
        return self.may(Need.MANAGE)

    @property
    def sees_every_group(self) -> bool:
        """Whether the reader's report is the whole company's (maturity level, roadmap), not HR's employees."""
        return set(self.groups) == set(Group.values)

    @property
    def is_consultant(self) -> bool:
        return self.role == Role.CONSULTANT


def organisations_for(user: Principal) -> QuerySet[Organisation]:
    if isinstance(user, Operator):
        return Organisation.objects.all()
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(memberships__user=user) | Q(consultancy__consultants=user)).distinct()


def scoped_for_admin(user: Principal, queryset: QuerySet[Any, T], organisation_path: str | None) -> QuerySet[Any, T]:
    """The admin's rows of a model: a site admin (superuser) sees every tenant, other staff their own. A
    model that belongs to no organisation (organisation_path None) is for site admins only."""
    if user.is_superuser:
        return queryset
    if organisation_path is None:
        return queryset.none()
    lookup = f"{organisation_path}__in" if organisation_path else "pk__in"
    return queryset.filter(**{lookup: organisations_for(user).values("pk")})


def consultancies_for(user: Principal) -> QuerySet[Consultancy]:
    """The consultancies a user works for (every one for a site admin): a client's people do not list them."""
    if user.is_superuser:
        return Consultancy.objects.all()
    if not user.is_authenticated or isinstance(user, Operator):
        return Consultancy.objects.none()
    return Consultancy.objects.filter(consultants=user)


def people_for(user: Principal) -> QuerySet[User]:
    """The accounts a user may pick in the admin: themselves, and the members and consultants of the
    organisations they may see (every account for a site admin)."""
    if user.is_superuser:
        return User.objects.all()
    if not user.is_authenticated or isinstance(user, Operator):
        return User.objects.none()
    organisations = organisations_for(user).values("pk")
    return User.objects.filter(
        Q(pk=user.pk)
        | Q(memberships__organisation__in=organisations)
        | Q(consultancies__organisations__in=organisations)
    ).distinct()


def role_in(user: Principal, organisation: Organisation) -> Role | None:
    """The user's role in the organisation; None when they may not see it."""
    if isinstance(user, Operator):
        return Role.CONSULTANT
    if not user.is_authenticated:
        return None
    membership = single(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))
    if membership:
        return Role(membership)
    consultancy = organisation.consultancy
    if consultancy is not None and consultancy.consultants.filter(pk=user.pk).exists():
        return Role.CONSULTANT
    return None


def roles_in(user: Principal, organisations: list[Organisation]) -> dict[int, Role]:
    """role_in() for many organisations in two queries, for list pages."""
    if isinstance(user, Operator):
        return {organisation.pk: Role.CONSULTANT for organisation in organisations}
    if not user.is_authenticated:
        return {}
    ids = [organisation.pk for organisation in organisations]
    roles = {
        organisation_id: Role(role)
        for organisation_id, role in Membership.objects.filter(user=user, organisation_id__in=ids).values_list(
            "organisation_id", "role"
        )
    }
    consulted = Organisation.objects.filter(pk__in=ids, consultancy__consultants=user).values_list("pk", flat=True)
    for organisation_id in consulted:
        roles.setdefault(organisation_id, Role.CONSULTANT)
    return roles


def require(user: Principal, organisation: Organisation, need: Need, *, group: str | None = None) -> Access:
    """The user's access to the organisation (and to one group's data), or NotFound / Forbidden."""
    role = role_in(user, organisation)
    if role is None or (group is not None and group not in visible_groups(role)):
        raise NotFound("Not found.")
    access = Access(organisation, role)
    if not access.may(need, group):
        raise Forbidden("Your role in this organisation does not allow this.")
    return access


def get_object(
    user: Principal, model: type[M], pk: int, *, need: Need, via: str = "", group: str = ""
) -> tuple[M, Access]:
    """One object by primary key, checked with require() against the organisation it belongs to.

    `via` is the path from the object to its organisation ("" for an organisation itself, else e.g.
    "assessment__organisation"); `group` the path to the stakeholder group the object's data is about.
    """
    consultancy = f"{via}__consultancy" if via else "consultancy"
    obj = single(model._default_manager.select_related(consultancy).filter(pk=pk))
    if obj is None:
        raise NotFound("Not found.")
    organisation = cast(Organisation, attrgetter(via.replace("__", "."))(obj) if via else obj)
    about = attrgetter(group.replace("__", "."))(obj) if group else None
    return obj, require(user, organisation, need, group=about)


def get_organisation(user: Principal, organisation_id: int, *, need: Need = Need.VIEW) -> tuple[Organisation, Access]:
    return get_object(user, Organisation, organisation_id, need=need)


def get_consultancy(user: Principal, consultancy_id: int, *, need: Need) -> Consultancy:
    """A consultancy, for its consultants (role: consultant) and the members of its client organisations
    (their roles there): its logo is on their reports, its branding theirs to see, not to change."""
    consultancy = single(Consultancy.objects.filter(pk=consultancy_id))
    if consultancy is None or not user.is_authenticated:
        raise NotFound("Not found.")
    if isinstance(user, Operator) or consultancy.consultants.filter(pk=user.pk).exists():
        return consultancy
    roles = set(
        Membership.objects.filter(user=user, organisation__consultancy=consultancy).values_list("role", flat=True)
    )
    if not roles:
        raise NotFound("Not found.")
    if not roles & {role.value for role in _ROLES_FOR[need]}:
        raise Forbidden("Your role in this organisation does not allow this.")
    return consultancy


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind login_required."""
    return cast(User, request.user)
