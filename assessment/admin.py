"""The only admin module Django discovers: each package registers its own models."""

from .assessments import admin as assessments_admin
from .audit import admin as audit_admin
from .campaigns import admin as campaigns_admin
from .instruments import admin as instruments_admin
from .invitations import admin as invitations_admin
from .organisations import admin as organisations_admin
from .responses import admin as responses_admin
from .results import admin as results_admin
from .roadmap import admin as roadmap_admin

__all__ = [
    "assessments_admin",
    "audit_admin",
    "campaigns_admin",
    "instruments_admin",
    "invitations_admin",
    "organisations_admin",
    "responses_admin",
    "results_admin",
    "roadmap_admin",
]
