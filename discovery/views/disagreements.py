"""Disagreements between respondents, side by side: what each said, the verdict each answer would
give, and settling one with a note. The rows are shared with the client's review page
(client_colleagues.py has the client's actions); the views here are the consultants' (the
disagreements page, and the panel the workshop shows first)."""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments import engine
from assessments.selectors import assessment_disagreements, content_definition
from assessments.services.evaluation import assessment_disagreement_effects, disagreement_changes_verdict
from assessments.services.respondents import RespondentRefused
from discovery.forms_intake import ColleagueInviteForm
from discovery.models import Engagement
from discovery.roles import consultant_required
from discovery.services.respondents import disagreement_settle, respondent_invite
from web.names import display_name
from web.refusals import refusal_shown


@dataclass
class Side:
    """One answer given in a disagreement: the value (as posted back to pick it), in words, who
    gave it, and the verdict it would give with every other answer as it stands."""

    value: str
    words: str
    respondents: list
    verdict: str

    @property
    def verdict_label(self) -> str:
        return engine.verdict_label(self.verdict)


def disagreement_rows(assessment) -> list[tuple]:
    """(disagreement, [Side], whether the choice changes the verdict) for every disagreement, the
    open ones first."""
    found = assessment_disagreements(assessment)
    effects = assessment_disagreement_effects(assessment=assessment, disagreements=found)
    rows = []
    for d in found:
        verdicts = {json.dumps(v, sort_keys=True): verdict for v, verdict in effects[d.slug]}
        sides = [
            Side(json.dumps(value, sort_keys=True), words, who, verdicts[json.dumps(value, sort_keys=True)])
            for value, words, who in d.choices()
        ]
        rows.append((d, sides, disagreement_changes_verdict(effects[d.slug])))
    return sorted(rows, key=lambda row: not row[0].is_open)


def picked_value(request):
    """The value posted as picked (a JSON spelling of one side's value); a refusal when unreadable."""
    try:
        return json.loads(request.POST.get("value", ""))
    except ValueError as exc:
        raise RespondentRefused("Pick one of the answers given.") from exc


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
        value=picked_value(request),
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
