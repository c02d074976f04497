"""The engagement side of the domain: who the client is and where their assessment stands.

Modules:
    engagements.py — engagements, their lifecycle, events and internal notes
    links.py — clients' private links (only the token's hash is stored)
    organisations.py — organisations and contacts
    outbox.py — the email outbox: every email is a row first
    people.py — consultant profiles
    privacy.py — the audit trail of export and erasure requests
    team.py — team events (invites, role changes, deactivations)

The integration concepts keep their models in their own packages (discovery/api/models.py,
discovery/webhooks/models.py, discovery/sso/models.py); they are imported here so Django finds them.
"""

from discovery.api.models import IntegrationToken  # noqa: E402, I001 - see the docstring
from discovery.sso.models import SsoDomain  # noqa: E402
from discovery.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent  # noqa: E402

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
    "IntegrationToken",
    "InternalNote",
    "Organisation",
    "OutgoingEmail",
    "TeamEvent",
    "PrivacyAudit",
    "SsoDomain",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "TransitionNotAllowed",
    "normalise_organisation_name",
    "validate_organisation_name",
]
