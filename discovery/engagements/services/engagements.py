"""What consultants do to engagements: assign, change status, note, create, remind.

Every consultant action on a submitted engagement counts as the first response (the 48-hour
promise), so each service here stamps it.
"""

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.selectors import published_questionnaire
from discovery.engagements.selectors import engagements_due_for_nudge, engagements_due_for_reminder
from discovery.engagements.services.organisations import organisation_get_or_create
from discovery.engagements.services.outbox import email_queue
from discovery.models import (
    Contact,
    Engagement,
    EngagementEvent,
    InternalNote,
    OutgoingEmail,
)
from discovery.roles import acts_as_lead, is_admin
from web.names import display_name
from web.refusals import Refused


def engagement_role(*, engagement: Engagement, user) -> str:
    """The state-machine role of `user` on `engagement`: "lead" for its lead or an admin."""
    return "lead" if acts_as_lead(user, engagement) else "consultant"


def engagement_transition(*, engagement: Engagement, target: str, user, message: str = "") -> Engagement:
    """Move `engagement` to `target` as `user`; TransitionNotAllowed when the role may not."""
    engagement.transition(target, role=engagement_role(engagement=engagement, user=user), actor=user, message=message)
    return engagement


class AssignmentConflict(Refused):
    """Someone changed the lead after the page was loaded; `current` is who leads now (or None)."""

    status = 409

    def __init__(self, current):
        super().__init__("The lead architect was changed by someone else.")
        self.current = current


class LeadChangeRefused(Refused):
    """Only the current lead (releasing or handing over) or an admin may change a set lead."""

    status = 409


_ANY = object()


def can_change_lead(*, engagement: Engagement, user) -> bool:
    """Who may change the lead: anyone while nobody leads; once someone does, that lead (to
    release it or hand it over) or an admin. Taking over a colleague's engagement is an admin's
    decision, since the lead is who may deliver."""
    return engagement.lead_id is None or engagement.lead_id == user.pk or is_admin(user)


@transaction.atomic
def engagement_assign(*, engagement: Engagement, lead, user, expected_lead_id=_ANY) -> Engagement:
    """Make `lead` the lead architect (None to unassign) and say so on the timeline.

    1. Lock the row and re-read its lead: LeadChangeRefused unless `user` may change it
       (`can_change_lead`).
    2. With `expected_lead_id` (the lead the page showed, None for unassigned), the change is
       conditional: if a colleague took the engagement meanwhile, AssignmentConflict and no change.
    3. Record it on the timeline (from whom, to whom); when someone other than the previous lead
       replaced them (an admin), email the previous and the new lead through the outbox.
    """
    current = Engagement.objects.select_for_update(of=("self",)).select_related("lead").get(pk=engagement.pk)
    if expected_lead_id is not _ANY and current.lead_id != expected_lead_id:
        engagement.lead = current.lead
        raise AssignmentConflict(current.lead)
    if not can_change_lead(engagement=current, user=user):
        engagement.lead = current.lead
        raise LeadChangeRefused(
            f"{display_name(current.lead, 'nobody')} leads this engagement: "
            "ask them to release it, or an admin to reassign it."
        )
    previous = current.lead
    Engagement.objects.filter(pk=engagement.pk).update(lead=lead, updated_at=timezone.now())
    engagement.lead = lead
    taken_over = previous is not None and previous.pk != user.pk and previous != lead
    message = f"Lead architect set to {display_name(lead, 'nobody')}"
    if previous is not None and previous != lead:
        message = f"Lead architect changed from {display_name(previous, 'nobody')} to {display_name(lead, 'nobody')}"
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.ASSIGNED,
        actor=user,
        message=message,
        data={"from": previous.pk if previous else None, "to": lead.pk if lead else None},
    )
    if taken_over:
        email_queue(kind=OutgoingEmail.LEAD_CHANGED, engagement=engagement, user=previous, actor=user)
    engagement.record_first_response()
    return engagement


@transaction.atomic
def engagement_contact_update_from_request(*, engagement: Engagement, user) -> list[str]:
    """Copy what the public request typed over the stored contact (name, role) and organisation
    (industry), at a consultant's choice; returns what changed, also written on the timeline."""
    changed = []
    typed = engagement.requested_details or {}
    for label, stored, value in engagement.requested_differences():
        changed.append(f"{label}: {stored or '(empty)'} → {value}")
    if not changed:
        return changed
    contact, organisation = engagement.contact, engagement.organisation
    if contact is not None:
        contact.name = typed.get("name") or contact.name
        contact.role = typed.get("role") or contact.role
        contact.save(update_fields=["name", "role"])
    if typed.get("industry"):
        organisation.industry = typed["industry"]
        organisation.save(update_fields=["industry"])
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.CONTACT_UPDATED,
        actor=user,
        message="Contact updated from the request: " + "; ".join(changed),
    )
    return changed


@transaction.atomic
def engagement_note_add(*, engagement: Engagement, text: str, user) -> InternalNote:
    note = InternalNote.objects.create(engagement=engagement, author=user, text=text.strip())
    engagement.record_first_response()
    return note


@transaction.atomic
def engagement_create_workshop(
    *, organisation_name: str, industry: str = "", contact_name: str, email: str, role: str = "", use_case: str, user
) -> Engagement:
    """A consultant-led engagement: same organisation de-duplication as the public intake.

    The organisation is reused when its normalised name matches; the contact by email. The
    engagement starts as workshop_scheduled, led by the consultant who created it.
    """
    organisation = organisation_get_or_create(name=organisation_name, industry=industry)
    contact = None
    if email:
        contact, _ = Contact.objects.get_or_create(
            organisation=organisation,
            email=email.strip().lower(),
            defaults={"name": contact_name.strip(), "role": role.strip()},
        )
    engagement = Engagement.objects.create(
        organisation=organisation,
        contact=contact,
        source=Engagement.WORKSHOP,
        lead=user,
        use_case_description=use_case.strip(),
    )
    Assessment.objects.create(engagement=engagement, questionnaire=published_questionnaire())
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.CREATED,
        actor=user,
        message="Workshop engagement created by a consultant",
    )
    engagement_transition(engagement=engagement, target=Engagement.WORKSHOP_SCHEDULED, user=user)
    return engagement


def _claim_and_email(engagement, *, stamp: str, now, email: str, **still) -> int:
    """Stamp `engagement`'s reminder field `stamp` (only if unset, and while it still matches
    `still`), and with it queue the outbox email (its row is the reminder's one line on the
    timeline); 1 if this run claimed it, 0 if another run (or a change of state) got there first."""
    with transaction.atomic():
        claimed = Engagement.objects.filter(pk=engagement.pk, **still, **{f"{stamp}__isnull": True}).update(
            **{stamp: now}
        )
        if not claimed:
            return 0
        email_queue(kind=email, engagement=engagement)
    return 1


def engagement_sla_remind(*, now=None) -> int:
    """Email a reminder at each SLA threshold (due within 12 h, overdue), once per threshold.

    The reminded_* stamp is set by a conditional update in the same transaction as the outbox
    row, so two overlapping runs never both send; returns how many reminders were queued.
    """
    now = now or timezone.now()
    sent = 0
    for engagement in engagements_due_for_reminder(now=now):
        overdue = engagement.response_due_at < now
        field = "reminded_overdue_at" if overdue else "reminded_due_soon_at"
        sent += _claim_and_email(
            engagement,
            stamp=field,
            now=now,
            email=OutgoingEmail.SLA_OVERDUE if overdue else OutgoingEmail.SLA_DUE_SOON,
        )
    return sent


class WithdrawRefused(Refused):
    """A withdrawal without a reason, or one the state machine doesn't allow."""


@transaction.atomic
def engagement_withdraw(*, engagement: Engagement, user, reason: str) -> Engagement:
    """Withdraw `engagement` for `reason` (kept on the timeline) and close its open assessment.

    The status it left is stored on the engagement, and the closed assessments on the event, so
    `engagement_reopen` can put both back as they were.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise WithdrawRefused("Say why the engagement is withdrawn; the reason is kept on the timeline.")
    closed = list(engagement.assessments.filter(status=Assessment.OPEN).values_list("pk", flat=True))
    engagement_transition(
        engagement=engagement, target=Engagement.WITHDRAWN, user=user, message=f"Withdrawn: {reason}"[:500]
    )
    Assessment.objects.filter(pk__in=closed).update(status=Assessment.CLOSED)
    event = engagement.events.filter(kind=EngagementEvent.Kind.STATUS_CHANGED).latest("created_at", "pk")
    event.data = {**event.data, "reason": reason, "closed_assessments": closed}
    event.save(update_fields=["data"])
    return engagement


@transaction.atomic
def engagement_reopen(*, engagement: Engagement, user) -> Engagement:
    """Undo a withdrawal: back to the status it left, with the assessments it closed open again."""
    previous = engagement.withdrawn_from
    withdrawal = (
        engagement.events.filter(kind=EngagementEvent.Kind.STATUS_CHANGED, data__to=Engagement.WITHDRAWN)
        .order_by("-pk")
        .first()
    )
    engagement_transition(
        engagement=engagement,
        target=previous or Engagement.REQUESTED,
        user=user,
        message=f"Reopened: back to {dict(Engagement.STATUSES).get(previous, 'requested').lower()}",
    )
    closed = withdrawal.data.get("closed_assessments", []) if withdrawal else []
    Assessment.objects.filter(pk__in=closed, status=Assessment.CLOSED).update(status=Assessment.OPEN)
    return engagement


def engagement_client_nudge(*, now=None) -> int:
    """Remind clients who requested an assessment and haven't submitted (after 3 and 7 days).

    1. For each threshold, find requested engagements old enough with that reminder not sent.
    2. Claim it with a conditional update (still requested, stamp still empty), so overlapping
       runs and a client submitting meanwhile never produce a second or a stale email.
    3. In the same transaction, queue the email (a fresh private link, made when it is sent) and
       note it on the timeline. Returns how many were queued.
    The second reminder is only sent once the first was, so a late first run sends one, not two.
    """
    now = now or timezone.now()
    sent = 0
    for second, field in ((True, "nudged_second_at"), (False, "nudged_first_at")):
        due = engagements_due_for_nudge(now=now, second=second)
        if second:
            due = due.filter(nudged_first_at__isnull=False)
        for engagement in due:
            sent += _claim_and_email(
                engagement,
                stamp=field,
                now=now,
                email=OutgoingEmail.CLIENT_NUDGE_SECOND if second else OutgoingEmail.CLIENT_NUDGE_FIRST,
                status=Engagement.REQUESTED,
            )
    return sent
