"""The client's lead respondent: inviting colleagues (each with their own private link, maybe to
some sections only) and settling their disagreements before submitting."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments.selectors import content_definition
from assessments.services.respondents import RespondentRefused
from discovery.engagements.services.respondents import (
    disagreement_settle,
    picked_value,
    respondent_invite,
    respondent_take_off,
)
from discovery.portal.forms import ColleagueInviteForm
from discovery.portal.views.access import client_label, client_required, lead_only
from discovery.portal.views.questionnaire import client_may_edit
from web.refusals import Refused, refusal_shown


@client_required
@lead_only
@require_POST
@refusal_shown("client-review")
def client_disagreement_settle(request, slug, *, engagement, assessment):
    """The client's lead respondent settles a disagreement before submitting."""
    if not client_may_edit(engagement, assessment):
        raise RespondentRefused("These answers can no longer be changed here.")
    disagreement_settle(
        engagement=engagement,
        assessment=assessment,
        slug=slug,
        value=picked_value(request.POST.get("value", "")),
        note=request.POST.get("note", ""),
        label=client_label(engagement, request.client_respondent),
    )
    messages.success(request, "Settled: the answer you picked is now the assessment's answer.")
    return redirect(reverse("client-review") + "#disagreements")


@client_required
@lead_only
@require_POST
@refusal_shown("client-colleagues")
def client_colleague_remove(request, pk, *, engagement, assessment):
    """The lead respondent takes a colleague off the assessment: their link stops working at once."""
    if not client_may_edit(engagement, assessment):
        raise RespondentRefused("Colleagues can be removed only while you are answering the questionnaire.")
    respondent = get_object_or_404(assessment.respondents, pk=pk)
    respondent_take_off(
        engagement=engagement, respondent=respondent, label=client_label(engagement, request.client_respondent)
    )
    messages.success(
        request, f"{respondent.name} was removed: their link no longer works and their answers no longer count."
    )
    return redirect("client-colleagues")


@client_required
@lead_only
@require_http_methods(["GET", "POST"])
def client_colleagues(request, *, engagement, assessment):
    """Who answers this assessment, and inviting a colleague with their own private link."""
    sections = content_definition(assessment.questionnaire).sections
    may_invite = client_may_edit(engagement, assessment)
    form = ColleagueInviteForm(request.POST or None, sections=sections)
    status = 200
    if request.method == "POST":
        if not may_invite:
            messages.error(request, "Colleagues can be invited only while you are answering the questionnaire.")
            return redirect("client-colleagues")
        if form.is_valid():
            try:
                respondent = respondent_invite(
                    engagement=engagement,
                    assessment=assessment,
                    invited_by_label=engagement.contact.name if engagement.contact else engagement.client_label,
                    **form.cleaned_data,
                )
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{respondent.name} is invited: their private link is on its way.")
                return redirect("client-colleagues")
        status = 400
    return render(
        request,
        "client/colleagues.html",
        {
            "engagement": engagement,
            "assessment": assessment,
            "form": form,
            "may_invite": may_invite,
            "respondents": [
                (r, [s.title for s in sections if s.slug in r.sections]) for r in assessment.respondents.all()
            ],
        },
        status=status,
    )
