"""The questionnaire editor (admins only): questions, choices and visibility, plus a logic check."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from assessments import engine
from assessments.engine.validation import check_condition, question_variables
from assessments.logic_check import logic_check
from assessments.models import CriteriaSet, Question, Questionnaire, VersionStatus
from assessments.selectors import criteria_set_definition, questionnaire_definition
from assessments.services.publishing import content_validation_errors, describe_error
from discovery.roles import admin_required

QUESTION_FIELDS = ("prompt", "help_text", "visible_when")


def _readers(questionnaire: Questionnaire):
    """The criteria set to check the questionnaire against: a draft or the published one reading it."""
    sets = CriteriaSet.objects.filter(questionnaire=questionnaire).order_by("-version")
    return sets.filter(status=VersionStatus.PUBLISHED).first() or sets.first()


@admin_required
def editor_questionnaire(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    sections = questionnaire.sections.prefetch_related("questions__choices").order_by("order", "pk")
    findings, exhaustive, check_error = [], False, ""
    errors = [describe_error(e) for e in content_validation_errors(questionnaire)]
    if not errors:
        try:
            reader = _readers(questionnaire)
            definition = questionnaire_definition(questionnaire)
            findings, exhaustive = logic_check(definition, criteria_set_definition(reader) if reader else None)
        except (engine.DefinitionError, ValueError) as exc:
            check_error = str(exc)
    return render(
        request,
        "editor/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "sections": sections,
            "errors": errors,
            "findings": findings,
            "exhaustive": exhaustive,
            "check_error": check_error,
            "editable": questionnaire.is_draft,
        },
    )


@admin_required
@require_POST
def editor_question_save(request, pk, question_pk):
    """Autosave one question's fields; the visibility condition is checked against the
    questions before this one (a question can only depend on what was asked earlier)."""
    question = get_object_or_404(Question, pk=question_pk, questionnaire_id=pk)
    if not question.questionnaire.is_draft:
        return HttpResponseBadRequest("This version is published or retired and can't change; create a new draft.")
    for name in QUESTION_FIELDS:
        if name in request.POST:
            setattr(question, name, request.POST[name])
    if "required" in request.POST:
        question.required = request.POST["required"] == "on"
    question.save()
    for choice in question.choices.all():
        label = request.POST.get(f"choice-{choice.pk}")
        if label is not None and label.strip() and label != choice.label:
            choice.label = label.strip()
            choice.save()
    definition = questionnaire_definition(question.questionnaire)
    slugs = [q.slug for q in definition.questions]
    earlier = definition.questions[: slugs.index(question.slug)] if question.slug in slugs else ()
    errors = []
    if question.visible_when.strip():
        errors = check_condition(
            question.visible_when, ("questions", question.slug, "visible_when"), question_variables(earlier)
        )
    return render(request, "editor/_saved.html", {"errors": [e.message for e in errors]})
