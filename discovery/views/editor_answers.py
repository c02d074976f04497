"""The editor's pages that answer a questionnaire with the client's own widgets (admins only):
a golden case's answers, and the preview of a questionnaire as the client sees it.

They sit on the engagement side because the client's question widgets do (client_questions.py);
their URLs are the editor's (discovery/editor_urls.py). Typing re-renders the questions through
htmx, so conditions are live; only "Save answers" on a draft's golden case stores anything.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments import engine
from assessments.editor.access import draft_edit, get_draft_part_or_400
from assessments.models import GoldenCase, Questionnaire
from assessments.selectors import content_definition
from assessments.services.golden_cases import golden_case_answers_update
from discovery.portal.answer_sheet import sheet_missing, sheet_pages, sheet_read
from discovery.roles import admin_required

UNREADABLE = "This questionnaire version can't be read yet, so it can't be answered: fix what its editor lists first."


def _definition_or_none(questionnaire: Questionnaire):
    try:
        return content_definition(questionnaire)
    except (engine.DefinitionError, KeyError, TypeError, ValueError):
        return None


def _sheet_context(definition, answers, errors=None, posted=None) -> dict:
    return {
        "pages": sheet_pages(definition, answers, errors, posted),
        "missing": sheet_missing(definition, answers),
        "has_errors": bool(errors),
    }


@admin_required
@require_http_methods(["GET", "POST"])
def questionnaire_preview(request, pk):
    """The questionnaire drawn as the client sees it, answerable; posted answers only redraw it."""
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    definition = _definition_or_none(questionnaire)
    if definition is None:
        messages.error(request, UNREADABLE)
        return redirect("editor-questionnaire", pk=pk)
    if request.method == "POST":
        answers, errors, posted = sheet_read(definition, request.POST)
    else:
        answers, errors, posted = {}, {}, {}
    context = {"questionnaire": questionnaire, **_sheet_context(definition, answers, errors, posted)}
    if request.headers.get("HX-Request"):
        return render(request, "editor/_answer_sheet.html", context)
    context["not_publishable"] = bool(questionnaire.validation_errors())
    return render(request, "editor/preview.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
@draft_edit
def golden_case_answers(request, pk, case_pk):
    """A golden case's answers on the questionnaire its criteria set reads. GET shows them (any
    version); an htmx POST redraws the questions; "Save answers" stores them (drafts only)."""
    case = get_object_or_404(
        GoldenCase.objects.select_related("criteria_set__questionnaire"), pk=case_pk, criteria_set_id=pk
    )
    criteria_set = case.criteria_set
    definition = _definition_or_none(criteria_set.questionnaire)
    if definition is None:
        messages.error(request, UNREADABLE)
        return redirect("editor-criteria", pk=pk)
    stored = engine.validate_answers(definition, case.answers)
    if request.method == "POST":
        answers, errors, posted = sheet_read(definition, request.POST)
        if "save" in request.POST and not errors:
            case = get_draft_part_or_400(GoldenCase, pk=case_pk, criteria_set_id=pk)
            golden_case_answers_update(case=case, answers=answers)
            messages.success(request, f"Saved the answers of {case.name!r}; its result is beside the criteria.")
            return redirect(reverse("editor-criteria", args=[pk]) + "#golden-heading")
    else:
        answers, errors, posted = dict(stored.answers), {}, {}
    context = {
        "case": case,
        "criteria_set": criteria_set,
        "editable": criteria_set.is_draft,
        # Answers stored before (copied from an engagement, or written for another questionnaire
        # version) that this questionnaire refuses; saving replaces them with what is shown.
        "stored_problems": [str(p) for p in stored.problems if p.slug in case.answers or not p.slug],
        **_sheet_context(definition, answers, errors, posted),
    }
    if request.headers.get("HX-Request") and "save" not in request.POST:
        return render(request, "editor/_answer_sheet.html", context)
    return render(request, "editor/golden_answers.html", context, status=400 if errors else 200)
