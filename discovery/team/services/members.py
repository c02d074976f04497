"""What admins do to the team: invite, change name, email, role and staffing profile, deactivate,
reactivate, reset MFA.

Every change writes one TeamEvent (who did what to whom), so the team page shows the trail.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp import devices_for_user

from discovery.engagements.services.outbox import email_queue
from discovery.models import ConsultantProfile, Engagement, EngagementEvent, OutgoingEmail, TeamEvent
from discovery.roles import ROLE_GROUPS, ROLES, role_of
from web.names import display_name
from web.refusals import Refused


class TeamChangeRefused(Refused):
    """An admin asked for something the team rules don't allow (the message says why)."""

    status = 409


def _record(*, actor, subject, kind: str, message: str, subject_name: str = "") -> TeamEvent:
    return TeamEvent.objects.create(
        actor=actor, subject=subject, subject_name=subject_name or display_name(subject), kind=kind, message=message
    )


@transaction.atomic
def consultant_invite(
    *,
    actor,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    title: str,
    skills: list[str],
    external_load: int,
):
    """Create an account with no usable password and email a one-time link to set one.

    The sign-in name is the email address. The link is made when the email is sent (nothing
    stored): Django's password-reset token, which expires after PASSWORD_RESET_TIMEOUT and
    stops working once a password is set.
    """
    User = get_user_model()
    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise TeamChangeRefused(f"{email} already has an account.")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.is_staff = role == "admin"  # the Django admin needs is_staff; only admins get it
    user.save()
    user.groups.set(Group.objects.filter(name__in=ROLE_GROUPS[role]))
    profile = ConsultantProfile(user=user, title=title, skills=skills, external_load=external_load)
    profile.full_clean()
    profile.save()
    _record(actor=actor, subject=user, kind=TeamEvent.INVITED, message=f"Invited {email} as {dict(ROLES)[role]}")
    email_queue(kind=OutgoingEmail.CONSULTANT_INVITE, user=user, actor=actor)
    return user


def _identity_changes(*, user, first_name: str, last_name: str, email: str) -> list[str]:
    """Set `user`'s name and email (not saved); what changed, for the trail.

    Invited people sign in with their email as username, so the username follows the email
    (the old address then frees up for a new invitation); other usernames are left alone.
    """
    User = get_user_model()
    email = email.strip().lower()
    changes = []
    if (user.first_name, user.last_name) != (first_name.strip(), last_name.strip()):
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
        changes.append(f"name → {user.get_full_name()}")
    if user.email.lower() != email:
        others = User.objects.exclude(pk=user.pk)
        if others.filter(username__iexact=email).exists() or others.filter(email__iexact=email).exists():
            raise TeamChangeRefused(f"{email} already belongs to someone else's account.")
        if user.username.lower() == user.email.lower():
            user.username = email
        changes.append(f"email {user.email} → {email}")
        user.email = email
    return changes


@transaction.atomic
def team_member_update(
    *,
    actor,
    user,
    role: str,
    title: str,
    skills: list[str],
    external_load: int,
    first_name: str | None = None,
    last_name: str = "",
    email: str | None = None,
) -> list[str]:
    """Set a member's name and email (when given), role and staffing profile; returns what
    changed (nothing recorded if nothing did). The trail line keeps the name from before.

    An admin can't take away their own admin role: the team would risk having no admin at all.
    """
    if user.pk == actor.pk and role != "admin":
        raise TeamChangeRefused("You can't remove your own admin role; ask another admin.")
    name_before = display_name(user)
    changes = []
    if first_name is not None and email is not None:
        changes += _identity_changes(user=user, first_name=first_name, last_name=last_name, email=email)
        if changes:
            user.save(update_fields=["first_name", "last_name", "email", "username"])
    profile, _ = ConsultantProfile.objects.get_or_create(user=user, defaults={"title": title})
    labels = dict(ConsultantProfile.SKILLS)
    if role_of(user) != role:
        user.groups.set(Group.objects.filter(name__in=ROLE_GROUPS[role]))
        user.is_staff = role == "admin"
        user.save(update_fields=["is_staff"])
        changes.append(f"role → {dict(ROLES)[role]}")
    if profile.title != title:
        changes.append(f"title → {title}")
    if sorted(profile.skills or []) != sorted(skills):
        changes.append("skills → " + (", ".join(labels[s] for s in skills) or "none"))
    if profile.external_load != external_load:
        changes.append(f"external load → {external_load}")
    profile.title, profile.skills, profile.external_load = title, skills, external_load
    profile.full_clean()
    profile.save()
    if changes:
        message = f"{name_before}: " + "; ".join(changes)
        _record(actor=actor, subject=user, kind=TeamEvent.UPDATED, message=message, subject_name=name_before)
    return changes


@transaction.atomic
def team_member_deactivate(*, actor, user) -> int:
    """Stop `user` signing in (is_active=False) and flag their open engagements for reassignment.

    Each open engagement they lead loses its lead and gets a "Lead X left; reassign" timeline
    event, which the queue shows. Returns how many engagements were flagged.
    """
    if user.pk == actor.pk:
        raise TeamChangeRefused("You can't deactivate yourself; ask another admin.")
    if not user.is_active:
        raise TeamChangeRefused(f"{display_name(user)} is already deactivated.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    engagements = list(Engagement.objects.select_for_update().filter(lead=user, status__in=Engagement.OPEN_STATUSES))
    for engagement in engagements:
        engagement.lead = None
        engagement.save(update_fields=["lead"])
        EngagementEvent.objects.create(
            engagement=engagement,
            kind=EngagementEvent.Kind.LEAD_LEFT,
            actor=actor,
            message=f"Lead {display_name(user)} left; reassign",
        )
    _record(
        actor=actor,
        subject=user,
        kind=TeamEvent.DEACTIVATED,
        message=f"Deactivated {display_name(user)}; {len(engagements)} open engagement(s) flagged for reassignment",
    )
    return len(engagements)


@transaction.atomic
def team_member_reactivate(*, actor, user) -> None:
    """Let a deactivated member sign in again with their password (and their MFA, if they had it).

    The engagements they led stay with whoever took them over; the trail records who brought them back.
    """
    if user.is_active:
        raise TeamChangeRefused(f"{display_name(user)} can already sign in.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(actor=actor, subject=user, kind=TeamEvent.REACTIVATED, message=f"Reactivated {display_name(user)}")


@transaction.atomic
def team_member_mfa_reset(*, actor, user) -> None:
    """Remove every MFA device of `user` (a lost phone): they enrol afresh at their next sign-in.

    Another admin must do it: an admin who lost their own device signs in with a recovery code.
    """
    if user.pk == actor.pk:
        raise TeamChangeRefused("Another admin must reset your MFA; use a recovery code to sign in.")
    devices = list(devices_for_user(user, confirmed=None))
    if not devices:
        raise TeamChangeRefused(f"{display_name(user)} has not enrolled in MFA.")
    for device in devices:
        device.delete()
    _record(actor=actor, subject=user, kind=TeamEvent.MFA_RESET, message=f"Reset MFA for {display_name(user)}")
