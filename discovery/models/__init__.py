"""The engagement side of the domain: who the client is and where their assessment stands."""

from .engagements import Engagement, EngagementEvent, InternalNote, TransitionNotAllowed
from .links import ClientLink
from .organisations import Contact, Organisation, normalise_organisation_name, validate_organisation_name
from .outbox import OutgoingEmail
from .people import ConsultantProfile
from .privacy import PrivacyAudit
from .team import TeamEvent

__all__ = [
    "ClientLink",
    "ConsultantProfile",
    "Contact",
    "Engagement",
    "EngagementEvent",
    "InternalNote",
    "Organisation",
    "OutgoingEmail",
    "TeamEvent",
    "PrivacyAudit",
    "TransitionNotAllowed",
    "normalise_organisation_name",
    "validate_organisation_name",
]
