"""The questionnaire editor (admins only): sections, questions, choices and visibility, plus a logic check."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import engine
from assessments.editor.access import draft_edit, get_draft_part_or_400
from assessments.models import Choice, CriteriaSet, Question, Questionnaire, Section, VersionStatus
from assessments.models.content_checks import describe_error
from assessments.selectors import content_definition
from assessments.services import editing
from discovery.roles import admin_required
from web.ids import parse_id
from web.refusals import refusal_shown


def _url(pk: int) -> str:
    return reverse("editor-questionnaire", args=[pk])


def _readers(questionnaire: Questionnaire):
    """The criteria set to check the questionnaire against: the published one reading this version,
    else a draft reading it, else (a new questionnaire draft) the one published for its slug."""
    sets = CriteriaSet.objects.filter(questionnaire=questionnaire).order_by("-version")
    return (
        sets.filter(status=VersionStatus.PUBLISHED).first()
        or sets.first()
        or CriteriaSet.objects.filter(questionnaire__slug=questionnaire.slug, status=VersionStatus.PUBLISHED).first()
    )


def _visibility_errors(questionnaire: Questionnaire, slug: str, source: str) -> list[str]:
    """A visibility condition may read only the questions before its own (empty: always shown)."""
    if not source.strip():
        return []
    try:
        definition = content_definition(questionnaire)
    except (engine.DefinitionError, KeyError, TypeError, ValueError) as exc:
        return [f"The questionnaire can't be read yet: {exc}"]
    return [e.message for e in engine.check_visibility_condition(definition, slug, source)]


@admin_required
def editor_questionnaire(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    sections = questionnaire.sections.prefetch_related("questions__choices").order_by("order", "pk")
    findings, exhaustive, check_error, reader = [], False, "", None
    errors = [describe_error(e) for e in questionnaire.validation_errors()]
    if not errors:
        reader = _readers(questionnaire)
        try:
            definition = content_definition(questionnaire)
            findings, exhaustive = engine.logic_check(definition, content_definition(reader) if reader else None)
        except (engine.DefinitionError, KeyError, ValueError) as exc:
            check_error = f"The criteria can't be checked against this draft: {exc}"
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
            "reader": reader,
            "types": Question.TYPES,
            "editable": questionnaire.is_draft,
        },
    )


@admin_required
@require_POST
def editor_visibility_validate(request, pk, question_pk):
    """Inline validation of a visibility condition as the admin types."""
    question = get_object_or_404(Question, pk=question_pk, questionnaire_id=pk)
    source = request.POST.get("visible_when", "")
    errors = _visibility_errors(question.questionnaire, question.slug, source)
    return render(request, "editor/_condition_errors.html", {"errors": errors, "always": not source.strip()})


@admin_required
@require_POST
@draft_edit
def editor_question_save(request, pk, question_pk):
    """Autosave one question's fields; the visibility condition is checked against the
    questions before this one (a question can only depend on what was asked earlier)."""
    question = get_draft_part_or_400(Question, pk=question_pk, questionnaire_id=pk)
    data = {name: request.POST[name] for name in (*editing.QUESTION_FIELDS, "required") if name in request.POST}
    labels = {
        parse_id(key.removeprefix("choice-")): value
        for key, value in request.POST.items()
        if key.startswith("choice-") and parse_id(key.removeprefix("choice-"))
    }
    try:
        editing.question_update(question=question, data=data, choice_labels=labels)
    except editing.EditRefused as exc:
        return render(request, "editor/_saved.html", {"errors": [str(exc)], "refused": True})
    errors = _visibility_errors(question.questionnaire, question.slug, question.visible_when)
    return render(request, "editor/_saved.html", {"errors": errors})


@admin_required
@require_POST
@draft_edit
def editor_section_save(request, pk, section_pk):
    section = get_draft_part_or_400(Section, pk=section_pk, questionnaire_id=pk)
    data = {name: request.POST[name] for name in editing.SECTION_FIELDS if name in request.POST}
    try:
        editing.section_update(section=section, data=data)
    except editing.EditRefused as exc:
        return render(request, "editor/_saved.html", {"errors": [str(exc)], "refused": True})
    return render(request, "editor/_saved.html", {"errors": []})


@admin_required
@require_POST
@refusal_shown("editor-questionnaire", "pk")
@draft_edit
def editor_section_add(request, pk):
    questionnaire = get_draft_part_or_400(Questionnaire, pk=pk)
    section = editing.section_add(
        questionnaire=questionnaire, slug=request.POST.get("slug", ""), title=request.POST.get("title", "")
    )
    messages.success(request, f"Added the section {section.title}; add its questions below it.")
    return redirect(f"{_url(pk)}#section-{section.pk}")


@admin_required
@require_POST
@refusal_shown("editor-questionnaire", "pk", anchor="section-{section_pk}")
@draft_edit
def editor_section_action(request, pk, section_pk, action):
    """Move a section up or down (its questions go with it), or remove it when it is empty."""
    section = get_draft_part_or_400(Section.objects.select_related("questionnaire"), pk=section_pk, questionnaire_id=pk)
    if action == "remove":
        editing.section_remove(section=section)
        messages.success(request, f"The section {section.title} was removed from this draft.")
        return redirect("editor-questionnaire", pk=pk)
    if action not in ("up", "down"):
        return HttpResponseBadRequest("Unknown action.")
    editing.section_move(section=section, up=action == "up")
    return redirect(f"{_url(pk)}#section-{section.pk}")


@admin_required
@require_POST
@refusal_shown("editor-questionnaire", "pk")
@draft_edit
def editor_question_add(request, pk, section_pk):
    section = get_draft_part_or_400(Section, pk=section_pk, questionnaire_id=pk)
    question = editing.question_add(
        section=section,
        slug=request.POST.get("slug", ""),
        type=request.POST.get("type", ""),
        prompt=request.POST.get("prompt", ""),
        values=request.POST.get("values", "").split(),
    )
    messages.success(request, f"Added {question.slug} to {section.title}. It is optional until you make it required.")
    return redirect(f"{_url(pk)}#question-{question.pk}")


@admin_required
@require_POST
@draft_edit
def editor_question_action(request, pk, question_pk, action):
    question = get_draft_part_or_400(Question, pk=question_pk, questionnaire_id=pk)
    if action == "remove":
        editing.question_remove(question=question)
        messages.success(request, f"{question.slug} removed from this draft.")
        return redirect("editor-questionnaire", pk=pk)
    if action not in ("up", "down"):
        return HttpResponseBadRequest("Unknown action.")
    editing.question_move(question=question, up=action == "up")
    return redirect(f"{_url(pk)}#question-{question.pk}")


@admin_required
@require_POST
@refusal_shown("editor-questionnaire", "pk", anchor="question-{question_pk}")
@draft_edit
def editor_choice_add(request, pk, question_pk):
    question = get_draft_part_or_400(Question, pk=question_pk, questionnaire_id=pk)
    choice = editing.choice_add(
        question=question, value=request.POST.get("value", ""), label=request.POST.get("label", "")
    )
    messages.success(request, f"Added the choice {choice.value} to {question.slug}.")
    return redirect(f"{_url(pk)}#question-{question.pk}")


@admin_required
@require_POST
@draft_edit
def editor_choice_remove(request, pk, choice_pk):
    choice = get_draft_part_or_400(
        Choice.objects.select_related("question"), pk=choice_pk, question__questionnaire_id=pk
    )
    try:
        editing.choice_remove(choice=choice)
    except editing.EditRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Removed the choice {choice.value} from {choice.question.slug}.")
    return redirect(f"{_url(pk)}#question-{choice.question_id}")
