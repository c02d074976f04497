"""The client's questionnaire: one section per page, autosave, review and submit."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import engine
from assessments.selectors import content_definition
from assessments.services.answers import assessment_missing_answers
from discovery.engagements.services.submission import SubmissionRefused, assessment_submit
from discovery.models import Engagement
from discovery.portal.questions import progress, section_page, section_save, visible_slugs
from discovery.portal.sample_panels import ClientUrls, panels_for_section
from discovery.portal.views.access import client_required


def client_may_edit(engagement, assessment) -> bool:
    """The client edits only their own open questionnaire, before a consultant takes it into a workshop."""
    return assessment.is_open and engagement.status == Engagement.REQUESTED


def locked_reason(assessment) -> str:
    """Why the client can't change answers now, in their terms."""
    if not assessment.is_open:
        return "Your answers are submitted, so they can no longer be changed here."
    return "A consultant is going through the questions with you in a workshop, so they can't be changed here."


def _section(definition, slug):
    for index, section in enumerate(definition.sections):
        if section.slug == slug:
            return index, section
    raise Http404("No such section.")


def _context(engagement, assessment, definition, index, section, errors=None, posted=None):
    answers = assessment.answer_values()
    done, total = progress(definition, answers)
    sections = definition.sections
    return {
        "engagement": engagement,
        "assessment": assessment,
        "sections": sections,
        "index": index,
        "number": index + 1,
        "page": section_page(definition, section, answers, errors or {}, posted or {}),
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
    index, current = _section(definition, slug)
    if not client_may_edit(engagement, assessment):
        messages.info(request, locked_reason(assessment))
        return redirect("client-status")
    if request.method == "POST":
        errors, posted, saved = section_save(
            assessment=assessment,
            definition=definition,
            section=current,
            post=request.POST,
            label=engagement.client_label,
        )
        if errors:
            context = _context(engagement, assessment, definition, index, current, errors, posted)
            return render(request, "client/section.html", context, status=400)
        appeared = visible_slugs(definition, saved.after) - visible_slugs(definition, saved.before)
        new_here = [q.slug for q in current.questions if q.slug in appeared]
        if new_here and request.POST.get("go") != "back":
            # Without JavaScript a follow-up question only shows after saving: stay so it isn't missed.
            messages.info(request, "Your answers brought up another question on this page. Please answer it too.")
            return redirect(reverse("client-section", args=[slug]) + f"#q-{new_here[0]}")
        if request.POST.get("go") == "back" and index > 0:
            return redirect("client-section", definition.sections[index - 1].slug)
        if index + 1 < len(definition.sections):
            return redirect("client-section", definition.sections[index + 1].slug)
        return redirect("client-review")
    return render(request, "client/section.html", _context(engagement, assessment, definition, index, current))


@client_required
@require_POST
def autosave(request, slug, *, engagement, assessment):
    """htmx: save on every change. 204 when nothing on the page needs to change, else the questions.

    Not re-rendering while the client types means no keystroke typed during the request is lost;
    the questions are sent back only when visibility changed or a value was refused.
    """
    definition = content_definition(assessment.questionnaire)
    index, current = _section(definition, slug)
    if not client_may_edit(engagement, assessment):
        return HttpResponse(locked_reason(assessment), status=409)
    errors, posted, saved = section_save(
        assessment=assessment,
        definition=definition,
        section=current,
        post=request.POST,
        label=engagement.client_label,
    )
    state = "invalid" if errors else "saved"
    if not errors and visible_slugs(definition, saved.before) == visible_slugs(definition, saved.after):
        response = HttpResponse(status=204)
    else:
        context = _context(engagement, assessment, definition, index, current, errors, posted)
        response = render(request, "client/_section_questions.html", context)
    response["X-Autosave"] = state
    done, total = progress(definition, saved.after)
    response["X-Progress"] = f"{done}/{total}"  # the page's progress bar sits outside the swapped part
    return response


def _review_context(engagement, assessment, problems=None):
    definition = content_definition(assessment.questionnaire)
    answers = assessment.answer_values()
    shown = visible_slugs(definition, answers)
    sections = []
    for section_def in definition.sections:
        rows = [
            (q, engine.answer_text(q, answers[q.slug]) if q.slug in answers else None)
            for q in section_def.questions
            if q.slug in shown
        ]
        sections.append((section_def, rows))
    missing = []
    for problem in problems or []:
        question = definition.by_slug.get(problem.slug)
        if question is not None:
            missing.append((question, problem.message))
    return {
        "engagement": engagement,
        "assessment": assessment,
        "sections": sections,
        "missing": missing,
        "may_edit": client_may_edit(engagement, assessment),
    }


@client_required
def review(request, *, engagement, assessment):
    return render(request, "client/review.html", _review_context(engagement, assessment))


@client_required
@require_POST
def submit(request, *, engagement, assessment):
    try:
        assessment_submit(assessment=assessment, role="client", user=None)
    except SubmissionRefused as refusal:
        problems = assessment_missing_answers(assessment) if assessment.is_open else []
        context = _review_context(engagement, assessment, problems)
        context["refusal"] = refusal.problems if not problems else None
        return render(request, "client/review.html", context, status=400)
    messages.success(request, "Thank you — your answers are submitted.")
    return redirect("client-status")
