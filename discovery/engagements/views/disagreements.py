"""The consultants' side of several respondents: every disagreement side by side (what each said,
the verdict each answer would give), settling one with a note, and inviting a client's colleague.
The rows come from discovery/engagements/services/respondents.py, which the client's review page
and the workshop's panel use too."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments.selectors import content_definition, workshop_answer_differences
from assessments.services.respondents import RespondentRefused
from discovery.engagements.services.respondents import (
    disagreement_rows,
    disagreement_settle,
    picked_value,
    respondent_invite,
    respondent_take_off,
)
from discovery.models import Engagement
from discovery.portal.forms import ColleagueInviteForm
from discovery.roles import consultant_required
from web.names import display_name
from web.refusals import refusal_shown


def _respondent_rows(assessment) -> list[tuple]:
    """(respondent, the titles of the sections they answer; empty: every section)."""
    sections = content_definition(assessment.questionnaire).sections
    return [(r, [s.title for s in sections if s.slug in r.sections]) for r in assessment.respondents.all()]


def _engagement_assessment(pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    assessment = engagement.assessments.select_related("questionnaire").first()
    if assessment is None:
        raise Http404("This engagement has no assessment.")
    return engagement, assessment


@consultant_required
@require_http_methods(["GET"])
def engagement_disagreements(request, pk):
    """Every disagreement of the engagement's assessment side by side, for the consultant."""
    engagement, assessment = _engagement_assessment(pk)
    return render(
        request,
        "discovery/disagreements.html",
        {
            "engagement": engagement,
            "assessment": assessment,
            "disagreements": disagreement_rows(assessment),
            "respondents": _respondent_rows(assessment),
            "may_remove": engagement.status == Engagement.REQUESTED and assessment.is_open,
            # Answers set in a workshop that a respondent answered differently since: the
            # workshop's answer stands, and the consultant sees the difference here.
            "workshop_differences": workshop_answer_differences(assessment),
            "may_settle": assessment.is_open or engagement.status == Engagement.IN_WORKSHOP,
            "invite_form": ColleagueInviteForm(
                sections=content_definition(assessment.questionnaire).sections, form_tag=False
            )
            if engagement.status == Engagement.REQUESTED and assessment.is_open
            else None,
        },
    )


@consultant_required
@require_POST
@refusal_shown("engagement-disagreements", "pk")
def engagement_disagreement_settle(request, pk, slug):
    """A consultant settles a disagreement (the workshop's panel and the disagreements page)."""
    engagement, assessment = _engagement_assessment(pk)
    disagreement_settle(
        engagement=engagement,
        assessment=assessment,
        slug=slug,
        value=picked_value(request.POST.get("value", "")),
        note=request.POST.get("note", ""),
        label=display_name(request.user),
        user=request.user,
    )
    messages.success(request, "Settled: the picked answer is now the assessment's answer.")
    back = "workshop" if request.POST.get("back") == "workshop" else "engagement-disagreements"
    return redirect(back, pk=pk)


@consultant_required
@require_POST
@refusal_shown("engagement-disagreements", "pk")
def engagement_respondent_invite(request, pk):
    """A consultant invites a client's colleague (the lead architect setting up several voices)."""
    engagement, assessment = _engagement_assessment(pk)
    form = ColleagueInviteForm(request.POST, sections=content_definition(assessment.questionnaire).sections)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in form.errors.items())
        raise RespondentRefused(f"The invitation was not sent — {errors}")
    respondent = respondent_invite(
        engagement=engagement,
        assessment=assessment,
        invited_by_label=display_name(request.user),
        user=request.user,
        **form.cleaned_data,
    )
    messages.success(request, f"{respondent.name} is invited: their private link is on its way.")
    return redirect("engagement-disagreements", pk=pk)


@consultant_required
@require_POST
@refusal_shown("engagement-disagreements", "pk")
def engagement_respondent_remove(request, pk, respondent):
    """A consultant takes a client's colleague off the assessment (their link revoked at once)."""
    engagement, assessment = _engagement_assessment(pk)
    taken = get_object_or_404(assessment.respondents, pk=respondent)
    if engagement.status != Engagement.REQUESTED:
        raise RespondentRefused("Colleagues can be removed only while the client is answering the questionnaire.")
    respondent_take_off(engagement=engagement, respondent=taken, label=display_name(request.user), user=request.user)
    messages.success(
        request, f"{taken.name} was removed: their link no longer works and their answers no longer count."
    )
    return redirect("engagement-disagreements", pk=pk)
