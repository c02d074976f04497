"""The client's questionnaire: one section per page, autosave, review and submit."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import engine
from assessments.answering.questions import progress, section_page, section_save, visible_slugs
from assessments.selectors import content_definition
from assessments.services.answers import assessment_missing_answers
from assessments.services.evaluation import assessment_partial_preview
from assessments.services.respondents import respondent_own_answers
from discovery.engagements.services.respondents import disagreement_rows, lead_respondent_for
from discovery.engagements.services.submission import SubmissionRefused, assessment_submit
from discovery.models import Engagement
from discovery.portal.sample_panels import ClientUrls, panels_for_section
from discovery.portal.views.access import client_label, client_required, lead_only


def client_may_edit(engagement, assessment) -> bool:
    """The client edits only their own open questionnaire, before a consultant takes it into a workshop."""
    return assessment.is_open and engagement.status == Engagement.REQUESTED


def locked_reason(assessment) -> str:
    """Why the client can't change answers now, in their terms."""
    if not assessment.is_open:
        return "Your answers are submitted, so they can no longer be changed here."
    return "A consultant is going through the questions with you in a workshop, so they can't be changed here."


def _sections(definition, respondent):
    """The sections this person answers: all of them, or an invited colleague's own."""
    return [s for s in definition.sections if respondent is None or respondent.answers_section(s.slug)]


def _section(sections, slug):
    for index, section in enumerate(sections):
        if section.slug == slug:
            return index, section
    raise Http404("No such section.")


def _respondent(request, engagement, assessment):
    """Who is answering as a respondent: the invited colleague, or the contact as lead respondent
    once a colleague was invited; None while the contact answers alone (their answers are the
    assessment's, saved directly)."""
    if request.client_respondent is not None:
        return request.client_respondent
    if not assessment.has_respondents:
        return None
    lead = lead_respondent_for(engagement=engagement, assessment=assessment)
    lead.assessment = assessment
    return lead


def _own_answers(request, assessment) -> dict:
    """The values this person's page shows: their own answers once respondents exist."""
    respondent = request.client_respondent
    if respondent is None and assessment.has_respondents:
        respondent = assessment.respondents.filter(is_lead=True).first()
    return respondent_own_answers(respondent) if respondent is not None else assessment.answer_values()


def _context(request, engagement, assessment, definition, index, section, errors=None, posted=None):
    answers = assessment.answer_values()
    own = _own_answers(request, assessment)
    done, total = progress(definition, answers)
    sections = _sections(definition, request.client_respondent)
    carried = dict(
        assessment.answers.filter(carried_over_from__isnull=False).values_list("question_slug", "carried_over_from")
    )
    return {
        "engagement": engagement,
        "assessment": assessment,
        "sections": sections,
        "index": index,
        "number": index + 1,
        "page": section_page(definition, section, {**answers, **own}, errors or {}, posted or {}, own, carried),
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "answered": done,
        "total": total,
        "has_errors": bool(errors),
        "sample_panels": panels_for_section(
            assessment=assessment, section_slug=section.slug, urls=ClientUrls(), may_upload=True
        ),
    }


@client_required
@require_http_methods(["GET", "POST"])
def section(request, slug, *, engagement, assessment):
    """GET shows a section; POST (the no-JavaScript path) saves it and moves on."""
    definition = content_definition(assessment.questionnaire)
    sections = _sections(definition, request.client_respondent)
    index, current = _section(sections, slug)
    if not client_may_edit(engagement, assessment):
        messages.info(request, locked_reason(assessment))
        return redirect("client-status")
    if request.method == "POST":
        respondent = _respondent(request, engagement, assessment)
        errors, posted, saved = section_save(
            assessment=assessment,
            definition=definition,
            section=current,
            post=request.POST,
            label=client_label(engagement, request.client_respondent),
            respondent=respondent,
        )
        if errors:
            context = _context(request, engagement, assessment, definition, index, current, errors, posted)
            return render(request, "client/section.html", context, status=400)
        appeared = visible_slugs(definition, saved.after) - visible_slugs(definition, saved.before)
        new_here = [q.slug for q in current.questions if q.slug in appeared]
        if new_here and request.POST.get("go") != "back":
            # Without JavaScript a follow-up question only shows after saving: stay so it isn't missed.
            messages.info(request, "Your answers brought up another question on this page. Please answer it too.")
            return redirect(reverse("client-section", args=[slug]) + f"#q-{new_here[0]}")
        if request.POST.get("go") == "back" and index > 0:
            return redirect("client-section", sections[index - 1].slug)
        if index + 1 < len(sections):
            return redirect("client-section", sections[index + 1].slug)
        return redirect("client-review")
    context = _context(request, engagement, assessment, definition, index, current)
    return render(request, "client/section.html", context)


@client_required
@require_POST
def autosave(request, slug, *, engagement, assessment):
    """htmx: save on every change. 204 when nothing on the page needs to change, else the questions.

    Not re-rendering while the client types means no keystroke typed during the request is lost;
    the questions are sent back only when visibility changed or a value was refused.
    """
    definition = content_definition(assessment.questionnaire)
    index, current = _section(_sections(definition, request.client_respondent), slug)
    if not client_may_edit(engagement, assessment):
        return HttpResponse(locked_reason(assessment), status=409)
    errors, posted, saved = section_save(
        assessment=assessment,
        definition=definition,
        section=current,
        post=request.POST,
        label=client_label(engagement, request.client_respondent),
        respondent=_respondent(request, engagement, assessment),
    )
    state = "invalid" if errors else "saved"
    if not errors and visible_slugs(definition, saved.before) == visible_slugs(definition, saved.after):
        response = HttpResponse(status=204)
    else:
        context = _context(request, engagement, assessment, definition, index, current, errors, posted)
        response = render(request, "client/_section_questions.html", context)
    response["X-Autosave"] = state
    done, total = progress(definition, saved.after)
    response["X-Progress"] = f"{done}/{total}"  # the page's progress bar sits outside the swapped part
    return response


def _review_context(request, engagement, assessment, problems=None):
    definition = content_definition(assessment.questionnaire)
    answers = assessment.answer_values()
    own = _own_answers(request, assessment)
    colleague = not request.client_is_lead
    # A colleague reviews their own answers in their sections; the lead the assessment's answers.
    values = own if colleague else answers
    shown = visible_slugs(definition, {**answers, **own})
    sections = []
    for section_def in _sections(definition, request.client_respondent):
        rows = [
            (q, engine.answer_text(q, values[q.slug]) if q.slug in values else None)
            for q in section_def.questions
            if q.slug in shown
        ]
        sections.append((section_def, rows))
    missing = []
    for problem in problems or []:
        question = definition.by_slug.get(problem.slug)
        if question is not None:
            missing.append((question, problem.message))
    may_edit = client_may_edit(engagement, assessment)
    disagreements = [] if colleague else disagreement_rows(assessment)
    return {
        "engagement": engagement,
        "assessment": assessment,
        "sections": sections,
        "missing": missing,
        "may_edit": may_edit,
        "colleague": colleague,
        "may_settle": may_edit and not colleague,
        "disagreements": disagreements,
        "disputed": {d.slug for d, _sides, _changes in disagreements if d.is_open},
        "respondents": [] if colleague else list(assessment.respondents.all()),
        "carried": assessment.answers.filter(carried_over_from__isnull=False).exists(),
        "depends_on": _depends_on(definition, assessment) if assessment.is_open else [],
    }


def _depends_on(definition, assessment) -> list:
    """While an answer could still change the recommendation, the questions it depends on (in
    the client's questionnaire), so "not decided yet" is never shown as a verdict. Which way an
    answer would tip it is left to the architects' review: the client reads only the questions."""
    partial, _ = assessment_partial_preview(assessment=assessment)
    if partial.decided:
        return []
    return [definition.by_slug[d.slug] for d in partial.depends_on if d.slug in definition.by_slug]


@client_required
def review(request, *, engagement, assessment):
    return render(request, "client/review.html", _review_context(request, engagement, assessment))


@client_required
@lead_only
@require_POST
def submit(request, *, engagement, assessment):
    try:
        assessment_submit(assessment=assessment, role="client", user=None)
    except SubmissionRefused as refusal:
        disputed = {d.slug for d, _effects, _changes in disagreement_rows(assessment) if d.is_open}
        problems = [p for p in assessment_missing_answers(assessment) if p.slug not in disputed]
        context = _review_context(request, engagement, assessment, problems if assessment.is_open else [])
        context["refusal"] = refusal.problems if not context["missing"] else None
        return render(request, "client/review.html", context, status=400)
    messages.success(request, "Thank you — your answers are submitted.")
    return redirect("client-status")
