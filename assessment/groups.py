"""The stakeholder groups of PRODUCT.md section 3, as Django choices; their names come from the scoring rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import scoring


class Group(models.TextChoices):
    CUSTOMERS = scoring.framework.CUSTOMERS, _("Customers")
    PARTNERS = scoring.framework.PARTNERS, _("Partners")
    EMPLOYEES = scoring.framework.EMPLOYEES, _("Employees")
    SHAREHOLDERS = scoring.framework.SHAREHOLDERS, _("Shareholders")
    MANAGEMENT = scoring.framework.MANAGEMENT, _("Management (self-assessment)")


STAKEHOLDER_GROUPS = tuple(Group(name) for name in scoring.STAKEHOLDER_GROUPS)
