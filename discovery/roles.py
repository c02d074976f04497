"""The two staff roles, as Django groups with permissions, and how to ask for them.

Clients never get accounts: they reach their engagement through a private link.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied

CONSULTANTS = "Consultants"
ADMINS = "Admins"

CONSULTANT_PERMISSIONS = ["discovery.consult"]
CONTENT_MODELS = [
    "questionnaire",
    "section",
    "question",
    "choice",
    "criteriaset",
    "criterion",
    "policyrule",
    "goldencase",
]
ADMIN_PERMISSIONS = [
    "discovery.consult",
    "discovery.deliver_any",
    "assessments.edit_content",
    *[f"assessments.{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "delete", "view")],
]


# The roles an admin gives on the team page, as the groups each one means. Admins are consultants
# too (they lead engagements and are proposed for the work).
ROLE_CONSULTANT = "consultant"
ROLE_ADMIN = "admin"
ROLES = [(ROLE_CONSULTANT, "Consultant"), (ROLE_ADMIN, "Admin")]
ROLE_GROUPS = {ROLE_CONSULTANT: [CONSULTANTS], ROLE_ADMIN: [ADMINS, CONSULTANTS]}


def is_consultant(user) -> bool:
    return user.is_authenticated and user.has_perm("discovery.consult")


def is_admin(user) -> bool:
    return user.is_authenticated and user.has_perm("assessments.edit_content")


def role_of(user) -> str:
    """The team-page role of a user: "admin", "consultant" or "" (no role)."""
    if is_admin(user):
        return ROLE_ADMIN
    return ROLE_CONSULTANT if is_consultant(user) else ""


def mfa_required(user) -> bool:
    """Whether `user` must enrol in MFA before reaching anything (settings.MFA_REQUIRED_FOR); never
    when single sign-on is the only way in (SSO_ONLY): the identity provider asks for a second step."""
    if settings.SSO_ONLY:
        return False
    if settings.MFA_REQUIRED_FOR == "all":
        return is_consultant(user)
    return is_admin(user)


def acts_as_lead(user, engagement) -> bool:
    """Whether `user` acts as `engagement`'s lead architect: its lead, or an admin (who may
    deliver any engagement). The one check behind the state machine's "lead" role and delivery."""
    return user.is_authenticated and (
        engagement.lead_id == user.pk or user.has_perm("discovery.deliver_any") or is_admin(user)
    )


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            # Anonymous users never get here: LoginRequiredMiddleware redirects them first.
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


consultant_required = _require(is_consultant)
admin_required = _require(is_admin)
