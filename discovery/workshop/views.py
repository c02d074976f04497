"""Workshop mode: one section at a time, answers saved as they change, a live verdict that says
"Not decided yet" (and on what) until no answer to the open questions could change it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import engine
from assessments.answering.answer_input import posted_answer, posted_text
from assessments.reports.sections import counterfactual_in_words
from assessments.selectors import (
    content_definition,
    definitions_for,
    published_criteria_set,
    workshop_answer_differences,
)
from assessments.services.answers import AnswerRejected, StaleAnswer
from assessments.services.evaluation import assessment_partial_preview
from discovery.engagements.selectors import engagement_workshop_assessment, presenter_mode_for
from discovery.engagements.services.respondents import disagreement_rows
from discovery.engagements.services.submission import CONSULTANT, SubmissionRefused, assessment_submit
from discovery.models import Engagement
from discovery.portal.sample_panels import WorkshopUrls, panels_for_section
from discovery.roles import consultant_required
from discovery.workshop.forms import AttendeeForm
from discovery.workshop.services import (
    StaleAnnotations,
    annotations_signature,
    workshop_answer_save,
    workshop_attendee_add,
    workshop_attendee_remove,
    workshop_presenter_mode_set,
    workshop_start,
)
from web.ids import parse_id


def _assessment_or_404(engagement):
    """The workshop's assessment; 404 before the workshop was started (no page view creates one)."""
    assessment = engagement_workshop_assessment(engagement=engagement)
    if assessment is None:
        raise Http404("This engagement's workshop has not started.")
    return assessment


def _questionnaire(assessment):
    """The questionnaire the assessment is answered in: the one answers are saved and checked
    against (a newer published version applies to new assessments only)."""
    return content_definition(assessment.questionnaire)


def _verdict_context(assessment):
    """The live panel: evaluate the stored answers without storing anything."""
    criteria_set = published_criteria_set()
    questionnaire, criteria = definitions_for(criteria_set)
    partial, changes = assessment_partial_preview(
        assessment=assessment, criteria_set=criteria_set, with_counterfactuals=True
    )
    return {
        **verdict_panel(questionnaire, criteria, partial, changes),
        # Before anyone has answered, a verdict would only reflect the empty form: say so instead.
        "nothing_answered": not any(engine.is_answered(v) for v in assessment.answer_values().values()),
        "missing": _unanswered(questionnaire, assessment),
    }


def verdict_panel(questionnaire, criteria, partial, changes) -> dict:
    """The panel's words for a PartialEvaluation (no database). While an answer to an open
    question could still change the verdict, it says so and names those questions instead of a
    verdict (decision-model.md, "Undecided results"); the explanation, the criteria that fire and
    what would change it cite only what is known."""
    result = partial.evaluation
    section_of = _section_of(questionnaire)
    explanation = ()
    if partial.decided:
        # The same qualified explanation the report gives, citing only criteria on known answers.
        explanation = engine.explain(criteria, rule=result.decided_by[0], matched=result.matched).sentences
        if not result.decided_by[0]:  # no one rule holds in every completion: the engine's own words
            explanation = (result.decided_by[1], *explanation[1:])
    return {
        "result": result,
        "decided": partial.decided,
        "verdict_label": engine.verdict_label(result.verdict) if partial.decided else engine.UNDECIDED_LABEL,
        "explanation": [sentence for sentence in explanation if sentence],
        "depends_on": [
            {"point": point, "section": section_of.get(point.slug, 0)}
            for point in engine.depends_on(questionnaire, partial)
        ],
        # Fine-tune first, as everywhere else verdicts are listed (``possible`` itself is sorted by slug).
        "possible": [engine.verdict_label(v) for v in engine.VERDICT_LABELS if v in partial.possible],
        "fired": [(c, engine.kind_finding(c.kind)) for c in result.criteria if c.matched],
        # Worded as the report words them, so the room hears the same verdict names the client will read.
        "counterfactuals": [
            counterfactual_in_words({"new_verdict": cf.new_verdict, "sentence": cf.sentence}) for cf in changes[:5]
        ],
        "measured": bool(result.facts),
    }


def _section_of(questionnaire) -> dict[str, int]:
    return {q.slug: i for i, s in enumerate(questionnaire.sections) for q in s.questions}


def _unanswered(questionnaire, assessment) -> list[dict]:
    """What still blocks ending the workshop, as questions to jump to (prompt and section)."""
    section_of = _section_of(questionnaire)
    items = []
    for problem in engine.validate_answers(questionnaire, assessment.answer_values()).problems:
        question = questionnaire.by_slug.get(problem.slug)
        items.append(
            {
                "slug": problem.slug,
                "text": question.prompt if question else problem.message,
                "section": section_of.get(problem.slug, 0),
            }
        )
    return items


def _display(question, value) -> str:
    """An answer in words on the workshop screen, where an empty answer shows nothing."""
    return engine.answer_text(question, value, unanswered="")


_FETCH = object()


def _question_context(assessment, question, answer=_FETCH, **extra):
    """One question's template context; `answer` as already loaded (None: not answered yet)."""
    if answer is _FETCH:
        answer = assessment.answers.filter(question_slug=question.slug).first()
    revisions = list(answer.revisions.all()[:10]) if answer else []
    for r in revisions:
        r.old_display = _display(question, r.old_value)
        r.new_display = _display(question, r.new_value)
    value = answer.value if answer else None
    revision = answer.revision if answer else 0
    signature = annotations_signature(answer)
    return {
        "assessment": assessment,
        "q": question,
        "answer": answer,
        "value": value,
        "display": _display(question, value),
        "selected": value if isinstance(value, list) else [value],
        "revision": revision,
        "form_revision": revision,
        "annotations": signature,
        "form_annotations": signature,
        "revisions": revisions,
        **extra,
    }


def _shown(questionnaire, assessment) -> set[str]:
    """Slugs of the questions the answers so far show (the rest wait on their condition)."""
    return set(engine.visible_slugs(questionnaire, assessment.answer_values()))


@consultant_required
@require_POST
def workshop_begin(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    workshop_start(engagement=engagement, user=request.user)
    return redirect("workshop", pk=pk)


@consultant_required
def workshop(request, pk):
    engagement = get_object_or_404(Engagement.objects.select_related("organisation"), pk=pk)
    assessment = engagement_workshop_assessment(engagement=engagement)
    if assessment is None:
        # Read-only: the assessment is created by the Start workshop POST, not by looking.
        can_start = engagement.can_transition(Engagement.IN_WORKSHOP, "consultant")
        return render(
            request, "discovery/workshop_not_started.html", {"engagement": engagement, "can_start": can_start}
        )
    questionnaire = _questionnaire(assessment)
    sections = questionnaire.sections
    try:
        index = min(max(int(request.GET.get("section", 0)), 0), len(sections) - 1)
    except ValueError:
        index = 0
    section = sections[index]
    answers = {a.question_slug: a for a in assessment.answers.prefetch_related("revisions__changed_by")}
    shown = _shown(questionnaire, assessment)
    questions = [_question_context(assessment, q, answers.get(q.slug)) for q in section.questions if q.slug in shown]
    for item in questions:
        item["engagement"] = engagement
    return render(
        request,
        "discovery/workshop.html",
        {
            "engagement": engagement,
            "assessment": assessment,
            "sections": sections,
            "section": section,
            "index": index,
            "previous_index": index - 1 if index > 0 else None,
            "next_index": index + 1 if index + 1 < len(sections) else None,
            "questions": questions,
            "attendees": assessment.attendees.all(),
            "attendee_form": AttendeeForm(),
            "running": engagement.status == Engagement.IN_WORKSHOP,
            "sample_panels": panels_for_section(
                assessment=assessment,
                section_slug=section.slug,
                urls=WorkshopUrls(engagement),
                may_upload=engagement.status == Engagement.IN_WORKSHOP and assessment.is_open,
            ),
            "can_start": engagement.can_transition(Engagement.IN_WORKSHOP, "consultant"),
            # Presenter mode leaves every internal field out of the HTML itself, not just hidden.
            "presenter": presenter_mode_for(request.user),
            # Open disagreements between the client's respondents come first: they hold the verdict open.
            "disagreements": [row for row in disagreement_rows(assessment) if row[0].is_open],
            # Answers set here that a respondent answered differently since (the workshop's stand).
            "workshop_differences": workshop_answer_differences(assessment),
            **_verdict_context(assessment),
        },
    )


@consultant_required
@require_POST
def workshop_answer(request, pk, slug):
    """Save one question (htmx). Answers with the question again and the verdict panel (out of band)."""
    engagement = get_object_or_404(Engagement, pk=pk)
    assessment = _assessment_or_404(engagement)
    questionnaire = _questionnaire(assessment)
    question = questionnaire.by_slug.get(slug)
    if question is None:
        return HttpResponse("Unknown question.", status=404)
    shown_before = _shown(questionnaire, assessment)
    presenter = presenter_mode_for(request.user)
    if request.POST.get("resolve") == "keep_theirs":
        context = _question_context(assessment, question, flash="Kept their answer.", full=True)
    else:
        try:
            expected = int(request.POST.get("revision", ""))
        except ValueError:
            expected = None
        try:
            if expected is None:
                # Without the version it replaces, a save could overwrite a colleague unseen.
                raise AnswerRejected("This change did not say which version of the answer it replaces: reload.")
            answer = workshop_answer_save(
                assessment=assessment,
                slug=slug,
                value=posted_answer(question, request.POST, "value"),
                expected_revision=expected,
                user=request.user,
                note=posted_text(request.POST, "note"),
                confidence=request.POST.get("confidence", ""),
                stakeholders_disagree=request.POST.get("disagree") == "on",
                disagreement_detail=posted_text(request.POST, "disagreement_detail"),
                expected_annotations=request.POST.get("annotations"),
                # The presenter's form has no annotation fields: their absence is not a clearing.
                keep_annotations=presenter,
            )
            context = _question_context(assessment, question, answer, flash="Saved.")
        except StaleAnswer as stale:
            context = _question_context(
                assessment,
                question,
                stale.current,
                conflict=True,
                mine_display=_display(question, posted_answer(question, request.POST, "value")),
                form_revision=expected,
            )
        except StaleAnnotations as stale:
            context = _question_context(
                assessment,
                question,
                stale.current,
                annotations_conflict=True,
                form_revision=expected,
                form_annotations=request.POST.get("annotations"),
            )
        except AnswerRejected as exc:
            context = _question_context(assessment, question, error=str(exc), form_revision=expected)
    context.update(_verdict_context(assessment))
    context["engagement"] = engagement
    context["presenter"] = presenter
    response = render(request, "discovery/_workshop_answer.html", context)
    if _shown(questionnaire, assessment) != shown_before:
        response["HX-Refresh"] = "true"  # questions appeared or went away: redraw the section
    return response


@consultant_required
def workshop_verdict(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    assessment = _assessment_or_404(engagement)
    return render(request, "discovery/_workshop_verdict.html", _verdict_context(assessment))


@consultant_required
@require_POST
def workshop_presenter(request, pk):
    """Switch presenter mode on or off for this consultant and come back to the same section."""
    engagement = get_object_or_404(Engagement, pk=pk)
    workshop_presenter_mode_set(user=request.user, on=request.POST.get("presenter") == "on")
    section = parse_id(request.POST.get("section", "")) or 0
    return redirect(f"{reverse('workshop', args=[engagement.pk])}?section={section}")


@consultant_required
@require_POST
def workshop_attendees(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    assessment = _assessment_or_404(engagement)
    if "remove" in request.POST:
        raw = request.POST["remove"]
        workshop_attendee_remove(assessment=assessment, attendee_id=parse_id(raw) or 0)
    else:
        form = AttendeeForm(request.POST)
        if form.is_valid():
            workshop_attendee_add(assessment=assessment, **form.cleaned_data)
        else:
            messages.error(request, "An attendee needs a name.")
    return redirect("workshop", pk=pk)


@consultant_required
@require_POST
def workshop_finish(request, pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    assessment = _assessment_or_404(engagement)
    try:
        assessment_submit(assessment=assessment, role=CONSULTANT, user=request.user)
    except SubmissionRefused as exc:
        if engagement.status != Engagement.IN_WORKSHOP:
            messages.error(request, exc.problems[0])
            return redirect("workshop", pk=pk)
        questionnaire = _questionnaire(assessment)
        missing = _unanswered(questionnaire, assessment)
        messages.error(
            request,
            f"The workshop can't end yet: {len(missing)} required question{pluralize(len(missing))} "
            f"{pluralize(len(missing), 'is,are')} still unanswered (listed beside the verdict). Here is the first.",
        )
        first = missing[0] if missing else {"section": 0, "slug": ""}
        return redirect(f"{reverse('workshop', args=[pk])}?section={first['section']}#q-{first['slug']}")
    messages.success(request, "Workshop ended. The answers are submitted and the report is being generated.")
    return redirect("engagement", pk=pk)
