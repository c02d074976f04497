"""Reads for the team page and the MFA pages: who is on the team, their open engagements, the
team's audit trail, recovery codes left."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from discovery.models import ConsultantProfile, Engagement, TeamEvent
from discovery.roles import ADMINS, CONSULTANTS, ROLE_ADMIN, ROLE_CONSULTANT


@dataclass(frozen=True)
class TeamMember:
    user: object
    role: str  # roles.ROLE_ADMIN, roles.ROLE_CONSULTANT or ""
    profile: ConsultantProfile | None
    mfa_enrolled: bool


def team_members() -> list[TeamMember]:
    """Everyone with a staff role (or who had one, deactivated), active first, by name."""
    User = get_user_model()
    users = (
        User.objects.filter(groups__name__in=[ADMINS, CONSULTANTS])
        .distinct()
        .select_related("profile")
        .prefetch_related("groups")
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    members = []
    for user in users:
        groups = {g.name for g in user.groups.all()}
        role = ROLE_ADMIN if ADMINS in groups else ROLE_CONSULTANT
        profile = getattr(user, "profile", None)
        members.append(TeamMember(user, role, profile, user_has_device(user)))
    return members


def team_member(*, pk: int):
    """One member of the team (a user in a staff group), or User.DoesNotExist."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[ADMINS, CONSULTANTS])
        .distinct()
        .select_related("profile")
        .get(pk=pk)
    )


def team_member_open_engagements(*, user) -> list[Engagement]:
    """The open engagements `user` leads (what deactivating them would leave without a lead)."""
    return list(Engagement.objects.filter(lead=user, status__in=Engagement.OPEN_STATUSES))


def team_events(*, limit: int = 50) -> QuerySet[TeamEvent]:
    """The team's audit trail, newest first."""
    return TeamEvent.objects.select_related("actor", "subject")[:limit]


def recovery_codes_left(user) -> int:
    """How many unused recovery codes `user` still has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
