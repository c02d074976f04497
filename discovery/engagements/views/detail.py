from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.reports.selectors import report_newest
from assessments.selectors import assessment_disagreements, report_newer_criteria_set
from discovery.engagements.forms import NoteForm, WithdrawForm
from discovery.engagements.selectors import engagement_detail, engagement_timeline
from discovery.engagements.services.engagements import (
    MOVED_ELSEWHERE,
    AssignmentConflict,
    LeadChangeRefused,
    can_change_lead,
    engagement_assign,
    engagement_contact_update_from_request,
    engagement_move,
    engagement_note_add,
    engagement_reopen,
    engagement_role,
    engagement_withdraw,
)
from discovery.engagements.services.notifications import LINKABLE_STATUSES
from discovery.engagements.services.outbox import outgoing_email_resend
from discovery.engagements.services.respondents import reassessment_start
from discovery.engagements.sla import LABELS, engagement_first_response_text, engagement_sla_state, overdue_text
from discovery.models import ClientLink, Engagement, OutgoingEmail
from discovery.portal.services.client_links import client_link_reissue, client_link_revoke
from discovery.roles import CONSULTANTS, consultant_required
from web.ids import parse_id
from web.names import display_name
from web.refusals import refusal_shown

TRANSITION_LABELS = {
    Engagement.WORKSHOP_SCHEDULED: "Schedule a workshop",
    Engagement.IN_REVIEW: "Start review",
    Engagement.CLOSED: "Close",
    Engagement.WITHDRAWN: "Withdraw",
}


def _transition_label(engagement: Engagement, target: str) -> str:
    # Leaving a workshop held during review returns to it; only submitted answers "start" one.
    if engagement.status == Engagement.IN_WORKSHOP and target == Engagement.IN_REVIEW:
        return "Back to review"
    return TRANSITION_LABELS[target]


@consultant_required
def engagement(request, pk):
    try:
        engagement = engagement_detail(pk=pk)
    except Engagement.DoesNotExist as exc:
        raise Http404("No such engagement") from exc
    role = engagement_role(engagement=engagement, user=request.user)
    for assessment in engagement.assessments.all():
        for number, report in enumerate(assessment.reports.all()):
            report.review_url = reverse("reports:review", args=[report.pk])
            # The newest version says when it was made with criteria that have since been replaced.
            report.newer_criteria = report_newer_criteria_set(report) if number == 0 else None
    available = engagement.available_transitions(role)
    # A withdrawn engagement offers only its undo (Reopen), never a bare status button.
    withdrawn = engagement.status == Engagement.WITHDRAWN
    transitions = [
        (target, _transition_label(engagement, target))
        for target in available
        if target not in MOVED_ELSEWHERE and not withdrawn
    ]
    deliverable = report_newest(engagement_id=engagement.pk) if Engagement.DELIVERED in available else None
    consultants = get_user_model().objects.filter(groups__name=CONSULTANTS, is_active=True).order_by("first_name")
    now = timezone.now()
    state = engagement_sla_state(engagement, now)
    return render(
        request,
        "discovery/engagement.html",
        {
            "engagement": engagement,
            "timeline": engagement_timeline(engagement),
            "transitions": transitions,
            "deliverable": deliverable,
            "can_workshop": engagement.status == Engagement.IN_WORKSHOP
            or engagement.can_transition(Engagement.IN_WORKSHOP, role),
            "consultants": consultants,
            "can_change_lead": can_change_lead(engagement=engagement, user=request.user),
            "sla_state": state,
            "sla_label": LABELS.get(state, ""),
            "answered_in": engagement_first_response_text(engagement) or overdue_text(engagement, now),
            "can_withdraw": Engagement.WITHDRAWN in available,
            "can_reopen": withdrawn and bool(available),
            "reopen_label": dict(Engagement.STATUSES).get(engagement.withdrawn_from, ""),
            "can_email_link": engagement.contact_id is not None
            and not engagement.contact.erased_at
            and engagement.status in LINKABLE_STATUSES,
            "note_form": NoteForm(),
            "usable_links": [link for link in engagement.links.select_related("respondent") if link.is_usable],
            **_respondent_summary(engagement),
        },
    )


def _respondent_summary(engagement) -> dict:
    """How many respondents answer the newest assessment and how many disagreements are open;
    whether a re-assessment can start here (the engagement was delivered)."""
    assessment = engagement.assessments.first()
    # Removed colleagues are history: they no longer answer.
    count = assessment.respondents.filter(removed_at__isnull=True).count() if assessment else 0
    return {
        "respondent_count": count,
        "open_disagreements": sum(1 for d in assessment_disagreements(assessment) if d.is_open) if count else 0,
        "can_reassess": engagement.status in (Engagement.DELIVERED, Engagement.CLOSED),
    }


@consultant_required
@require_POST
@refusal_shown("engagement", "pk")
def engagement_reassess(request, pk):
    """Start a re-assessment of a delivered engagement: a new engagement with the answers carried over."""
    engagement = get_object_or_404(Engagement, pk=pk)
    new = reassessment_start(engagement=engagement, user=request.user)
    messages.success(request, "Re-assessment started: the previous answers are carried over until confirmed.")
    return redirect("engagement", pk=new.pk)


@consultant_required
@require_POST
@refusal_shown("engagement", "pk")
def engagement_transition_view(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    engagement_move(engagement=engagement, target=request.POST.get("target", ""), user=request.user)
    messages.success(request, f"Engagement is now {engagement.get_status_display().lower()}.")
    return redirect("engagement", pk=pk)


@consultant_required
@require_POST
def engagement_assign_view(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    lead_id = request.POST.get("lead", "")
    if lead_id == "me":
        lead = request.user
    elif lead_id == "":
        lead = None
    else:
        consultants = get_user_model().objects.filter(groups__name=CONSULTANTS, is_active=True)
        lead = consultants.filter(pk=parse_id(lead_id) or 0).first()
        if lead is None:
            messages.error(request, "Choose a consultant to lead this engagement.")
            return redirect("engagement", pk=pk)
    shown = request.POST.get("current_lead")
    expected = {} if shown is None else {"expected_lead_id": parse_id(shown)}
    try:
        engagement_assign(engagement=engagement, lead=lead, user=request.user, **expected)
    except AssignmentConflict as conflict:
        who = display_name(conflict.current, "nobody")
        messages.error(request, f"Not changed: a colleague changed the lead a moment ago; it is now {who}.")
    except LeadChangeRefused as exc:
        messages.error(request, f"Not changed: {exc}")
    else:
        messages.success(request, "Lead architect updated.")
    if request.POST.get("next") == "queue":
        return redirect("queue")
    return redirect("engagement", pk=pk)


@consultant_required
@require_POST
def engagement_note_view(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        engagement_note_add(engagement=engagement, text=form.cleaned_data["text"], user=request.user)
        messages.success(request, "Note added.")
    else:
        messages.error(request, "The note was empty or too long; nothing was saved.")
    return redirect("engagement", pk=pk)


@consultant_required
@require_POST
def engagement_contact_update(request, pk):
    engagement = get_object_or_404(Engagement.objects.select_related("contact", "organisation"), pk=pk)
    changed = engagement_contact_update_from_request(engagement=engagement, user=request.user)
    if changed:
        messages.success(request, "Contact updated with what the request said.")
    else:
        messages.info(request, "The stored contact already matches the request; nothing changed.")
    return redirect("engagement", pk=pk)


@consultant_required
@require_POST
def engagement_link_revoke(request, pk, link_id):
    link = get_object_or_404(ClientLink, pk=link_id, engagement_id=pk)
    client_link_revoke(link=link, user=request.user)
    messages.success(request, "The client's link no longer works.")
    return redirect("engagement", pk=pk)


@consultant_required
@require_POST
def engagement_link_reissue(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    if engagement.contact is None:
        messages.error(request, "This engagement has no client contact to email a link to.")
    elif engagement.contact.erased_at:
        messages.error(request, "The contact's personal data was erased: no link was emailed.")
    elif engagement.status not in LINKABLE_STATUSES:
        messages.error(request, f"The engagement is {engagement.get_status_display().lower()}: no link was emailed.")
    else:
        client_link_reissue(engagement=engagement, user=request.user)
        messages.success(request, f"Old links revoked; a new link was emailed to {engagement.contact.email}.")
    return redirect("engagement", pk=pk)


@consultant_required
@require_POST
def engagement_email_resend(request, pk, email_id):
    """Send a failed email again (the timeline's Resend button)."""
    email = get_object_or_404(OutgoingEmail, pk=email_id, engagement_id=pk)
    if outgoing_email_resend(email=email, user=request.user):
        messages.success(request, f"Sending again: {email.get_kind_display().lower()}.")
    else:
        messages.info(request, "That email is not failed (it was sent or is being sent); nothing changed.")
    return redirect("engagement", pk=pk)


@consultant_required
@refusal_shown("engagement", "pk")
def engagement_withdraw_view(request, pk):
    """Withdraw, in two steps: this page asks for the reason and a confirmation, then withdraws."""
    engagement = get_object_or_404(Engagement.objects.select_related("organisation"), pk=pk)
    role = engagement_role(engagement=engagement, user=request.user)
    if not engagement.can_transition(Engagement.WITHDRAWN, role):
        messages.error(request, f"A {engagement.get_status_display().lower()} engagement can't be withdrawn.")
        return redirect("engagement", pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        engagement_withdraw(engagement=engagement, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Engagement withdrawn. Reopen it from this page if that was a mistake.")
        return redirect("engagement", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "discovery/engagement_withdraw.html", {"engagement": engagement, "form": form}, status=status
    )


@consultant_required
@require_POST
@refusal_shown("engagement", "pk")
def engagement_reopen_view(request, pk):
    """Undo a withdrawal: back to the status it left."""
    engagement = get_object_or_404(Engagement, pk=pk)
    if engagement.status != Engagement.WITHDRAWN:
        messages.error(request, "Only a withdrawn engagement can be reopened.")
        return redirect("engagement", pk=pk)
    engagement_reopen(engagement=engagement, user=request.user)
    messages.success(request, f"Reopened: the engagement is {engagement.get_status_display().lower()} again.")
    return redirect("engagement", pk=pk)
