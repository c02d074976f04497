"""Engagements and their lifecycle.

The lifecycle is an explicit state machine: TRANSITIONS lists every allowed move and the roles
that may make it. `Engagement.transition()` is the only way a status changes, so the rule lives
in one place and every change leaves an event on the timeline.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from discovery.engagements.sla import response_due
from web.refusals import Refused


class TransitionNotAllowed(Refused):
    """Raised when a status change is not in the state machine, or not for this role."""

    status = 409


class Engagement(models.Model):
    REQUESTED = "requested"
    WORKSHOP_SCHEDULED = "workshop_scheduled"
    IN_WORKSHOP = "in_workshop"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    DELIVERED = "delivered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    STATUSES = [
        (REQUESTED, "Requested"),
        (WORKSHOP_SCHEDULED, "Workshop scheduled"),
        (IN_WORKSHOP, "In workshop"),
        (SUBMITTED, "Submitted"),
        (IN_REVIEW, "In review"),
        (DELIVERED, "Delivered"),
        (CLOSED, "Closed"),
        (WITHDRAWN, "Withdrawn"),
    ]
    OPEN_STATUSES = [REQUESTED, WORKSHOP_SCHEDULED, IN_WORKSHOP, SUBMITTED, IN_REVIEW]

    SELF_SERVICE = "self_service"
    WORKSHOP = "workshop"
    SOURCES = [(SELF_SERVICE, "Self-service"), (WORKSHOP, "Workshop")]

    # Roles: "client" (private link), "consultant", "lead" (the lead architect or an admin),
    # "system" (background jobs). A "lead" may do everything a "consultant" may.
    TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
        (REQUESTED, SUBMITTED): frozenset({"client", "consultant"}),
        (REQUESTED, WORKSHOP_SCHEDULED): frozenset({"consultant"}),
        (REQUESTED, IN_WORKSHOP): frozenset({"consultant"}),
        (WORKSHOP_SCHEDULED, IN_WORKSHOP): frozenset({"consultant"}),
        (IN_WORKSHOP, SUBMITTED): frozenset({"consultant"}),
        # A workshop held on answers already in review ends where it started: still in review.
        (IN_WORKSHOP, IN_REVIEW): frozenset({"consultant"}),
        (SUBMITTED, IN_REVIEW): frozenset({"consultant"}),
        (SUBMITTED, IN_WORKSHOP): frozenset({"consultant"}),
        (IN_REVIEW, IN_WORKSHOP): frozenset({"consultant"}),
        (IN_REVIEW, DELIVERED): frozenset({"lead"}),
        (DELIVERED, IN_REVIEW): frozenset({"lead"}),
        (DELIVERED, CLOSED): frozenset({"consultant"}),
        (REQUESTED, WITHDRAWN): frozenset({"client", "consultant"}),
        (WORKSHOP_SCHEDULED, WITHDRAWN): frozenset({"consultant"}),
        (IN_WORKSHOP, WITHDRAWN): frozenset({"consultant"}),
        (SUBMITTED, WITHDRAWN): frozenset({"consultant"}),
        (IN_REVIEW, WITHDRAWN): frozenset({"consultant"}),
        # Undoing a withdrawal: only back to the status it left (`withdrawn_from`), see can_transition.
        **dict.fromkeys(zip([WITHDRAWN] * len(OPEN_STATUSES), OPEN_STATUSES, strict=True), frozenset({"consultant"})),
    }

    organisation = models.ForeignKey("discovery.Organisation", on_delete=models.PROTECT, related_name="engagements")
    contact = models.ForeignKey(
        "discovery.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    source = models.CharField(max_length=20, choices=SOURCES)
    status = models.CharField(max_length=20, choices=STATUSES, default=REQUESTED, editable=False)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_engagements"
    )
    use_case_description = models.TextField(blank=True)
    # What a public request typed (organisation, industry, name, role, email), kept as typed: intake
    # never rewrites a stored contact or organisation, a consultant may copy these over.
    requested_details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Set when the SLA reminder for each threshold went out, so each is sent once.
    reminded_due_soon_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    # Set when each reminder to a client who hasn't finished the questionnaire went out (once each).
    nudged_first_at = models.DateTimeField(null=True, blank=True)
    nudged_second_at = models.DateTimeField(null=True, blank=True)
    # The status a withdrawal left, so reopening returns there and nowhere else.
    withdrawn_from = models.CharField(max_length=20, choices=STATUSES, blank=True, editable=False)

    class Meta:
        ordering = ["response_due_at", "created_at"]
        permissions = [
            ("consult", "Can work on engagements as a consultant"),
            ("deliver_any", "Can deliver any engagement's report"),
        ]
        indexes = [models.Index(fields=["status", "response_due_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"

    def requested_differences(self) -> list[tuple[str, str, str]]:
        """(what, stored, as the request typed it) wherever a public request's details differ from
        the stored contact and organisation: intake never overwrites them, a consultant may."""
        typed = self.requested_details or {}
        stored = {
            "name": ("Name", self.contact.name if self.contact else ""),
            "role": ("Role", self.contact.role if self.contact else ""),
            "industry": ("Industry", self.organisation.industry),
        }
        return [
            (label, value, typed[key])
            for key, (label, value) in stored.items()
            if typed.get(key) and typed[key] != value
        ]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def client_label(self) -> str:
        """How the client is named where they act (answer history, timeline): "Client (Nora North)"."""
        name = self.contact.name if self.contact else str(self.organisation)
        return f"Client ({name})"

    @staticmethod
    def response_due_from(start):
        """When the first response is due for a request made at `start`: the 48-hour promise
        (RESPONSE_SLA_HOURS) counted on working days (SLA_WORKING_DAYS, SLA_HOLIDAYS), the one
        place that deadline is computed."""
        return response_due(
            timezone.localtime(start),
            hours=settings.RESPONSE_SLA_HOURS,
            working_days=settings.SLA_WORKING_DAYS,
            holidays=settings.SLA_HOLIDAYS,
        )

    @classmethod
    def allowed_roles(cls, source: str, target: str) -> frozenset[str]:
        return cls.TRANSITIONS.get((source, target), frozenset())

    def can_transition(self, target: str, role: str) -> bool:
        if self.status == self.WITHDRAWN and target != self.withdrawn_from:
            return False
        if not self._history_allows(target):
            return False
        roles = self.allowed_roles(self.status, target)
        return role in roles or (role == "lead" and "consultant" in roles)

    def _history_allows(self, target: str) -> bool:
        """The moves the table allows only after a certain history: a workshop ends where it
        started. One held on answers in review goes back to review (never to the queue as a new
        submission); any other workshop ends by submitting, so a first workshop can't jump to
        review with open answers, no report and no clock."""
        if self.status != self.IN_WORKSHOP or target not in (self.IN_REVIEW, self.SUBMITTED):
            return True
        from_review = self.status_before_workshop() == self.IN_REVIEW
        return from_review == (target == self.IN_REVIEW)

    def available_transitions(self, role: str) -> list[str]:
        return [
            target
            for (source, target) in self.TRANSITIONS
            if source == self.status and self.can_transition(target, role)
        ]

    def transition(self, target: str, *, role: str, actor=None, message: str = "") -> None:
        """Move to `target` if the state machine allows it for `role`; record it on the timeline.

        Also keeps the SLA fields true: submitting starts the response clock, the first consultant
        action after submission is the first response, delivering stamps delivery. Withdrawing
        remembers the status it left; reopening may only go back there.
        """
        if not self.can_transition(target, role):
            raise TransitionNotAllowed(
                f"A {role} cannot move an engagement from {self.get_status_display()} to {dict(self.STATUSES)[target]}."
            )
        now = timezone.now()
        previous = self.status
        changes = {"status": target, "updated_at": now}
        if target == self.SUBMITTED and self.submitted_at is None:
            changes["submitted_at"] = now
            changes["response_due_at"] = self.response_due_from(now)
        if target == self.DELIVERED:
            changes["delivered_at"] = now
        if target == self.WITHDRAWN:
            changes["withdrawn_from"] = previous
        elif previous == self.WITHDRAWN:
            changes["withdrawn_from"] = ""
        with transaction.atomic():
            # Conditional on the status this object was loaded with: if a colleague moved the
            # engagement meanwhile, their change stands and this one is refused, not stacked on top.
            if not Engagement.objects.filter(pk=self.pk, status=previous).update(**changes):
                raise TransitionNotAllowed(
                    "Someone else changed this engagement's status a moment ago; reload the page to see it."
                )
            for field, value in changes.items():
                setattr(self, field, value)
            if role in {"consultant", "lead"}:
                self.record_first_response(now)
            EngagementEvent.objects.create(
                engagement=self,
                kind=EngagementEvent.Kind.STATUS_CHANGED,
                actor=actor,
                message=message or f"{dict(self.STATUSES)[previous]} → {self.get_status_display()}",
                data={"from": previous, "to": target, "role": role},
            )

    def status_before_workshop(self) -> str | None:
        """The status the engagement had when its current workshop started (None if unknown)."""
        started = self.events.filter(kind=EngagementEvent.Kind.STATUS_CHANGED, data__to=self.IN_WORKSHOP).order_by(
            "-created_at", "-pk"
        )
        event = started.first()
        return event.data.get("from") if event else None

    def record_first_response(self, when=None) -> bool:
        """Stamp the first consultant action on a submitted engagement (the 48-hour promise)."""
        if self.submitted_at is None or self.first_response_at is not None:
            return False
        when = when or timezone.now()
        changed = Engagement.objects.filter(pk=self.pk, first_response_at__isnull=True).update(first_response_at=when)
        if changed:
            self.first_response_at = when
        return bool(changed)


class EngagementEvent(models.Model):
    """One line of an engagement's timeline."""

    class Kind(models.TextChoices):
        """What happened: every writer names one of these (a free string would be a new kind
        nobody filters for)."""

        REQUESTED = "requested", "Requested online"
        CREATED = "created", "Created by a consultant"
        STATUS_CHANGED = "status_changed", "Status changed"
        ASSIGNED = "assigned", "Lead architect set"
        LEAD_LEFT = "lead_left", "Lead left the team"
        CONTACT_UPDATED = "contact_updated", "Contact updated"
        CONTACT_ERASED = "contact_erased", "Contact's personal data erased"
        LINK_RESENT = "link_resent", "Client asked again for a link"
        LINK_REVOKED = "link_revoked", "Client link revoked"
        LINK_REISSUED = "link_reissued", "Client links reissued"
        RESPONDENT_INVITED = "respondent_invited", "Colleague invited to answer"
        RESPONDENT_REMOVED = "respondent_removed", "Colleague removed from answering"
        DISAGREEMENT_SETTLED = "disagreement_settled", "Disagreement between respondents settled"
        REASSESSMENT_STARTED = "reassessment_started", "Re-assessment started"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    message = models.CharField(max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}: {self.message}"


class InternalNote(models.Model):
    """A consultant's note on an engagement. Never shown to the client."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]
