"""Every model of the app, re-exported: the only module Django imports for models.

Each model lives in the package of its concept; importing it here gives it the app label
`assessment`, so table names and migrations stay as they were.
"""

from .assessments.models import Assessment as Assessment
from .assessments.models import ScoringSettingsFields as ScoringSettingsFields
from .audit.models import AuditEvent as AuditEvent
from .campaigns.models import Campaign as Campaign
from .campaigns.models import new_share_salt as new_share_salt
from .groups import STAKEHOLDER_GROUPS as STAKEHOLDER_GROUPS
from .groups import Group as Group
from .instruments.models import Dimension as Dimension
from .instruments.models import Instrument as Instrument
from .instruments.models import InstrumentTranslation as InstrumentTranslation
from .instruments.models import Item as Item
from .instruments.models import Section as Section
from .invitations.models import Delivery as Delivery
from .invitations.models import Invitation as Invitation
from .invitations.models import Mailing as Mailing
from .organisations.models import Consultancy as Consultancy
from .organisations.models import Membership as Membership
from .organisations.models import Organisation as Organisation
from .organisations.models import Profile as Profile
from .organisations.models import Role as Role
from .responses.models import SEGMENT_FIELDS as SEGMENT_FIELDS
from .responses.models import Answer as Answer
from .responses.models import DimensionTotal as DimensionTotal
from .responses.models import ImportedFile as ImportedFile
from .responses.models import ItemTotal as ItemTotal
from .responses.models import Response as Response
from .responses.models import ResponseDimensionScore as ResponseDimensionScore
from .responses.models import ResponseTotal as ResponseTotal
from .responses.models import SubmittedLink as SubmittedLink
from .results.models import Commentary as Commentary
from .results.models import PublishedResult as PublishedResult
from .results.models import ShownFigures as ShownFigures
from .roadmap.models import Action as Action
from .roadmap.models import Target as Target
