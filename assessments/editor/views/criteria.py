"""The criteria editor (admins only): a draft criteria set's criteria, policy and golden cases."""

import re

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments import engine
from assessments.editor.access import draft_edit, get_draft_part_or_400
from assessments.models import CriteriaSet, Criterion, GoldenCase, PolicyRule, Questionnaire
from assessments.models.content_checks import describe_error
from assessments.selectors import content_definition
from assessments.services import editing
from discovery.roles import admin_required
from web.ids import parse_id
from web.refusals import refusal_shown

VERDICTS = dict(PolicyRule.VERDICTS)


def _golden_results(criteria_set: CriteriaSet) -> tuple[list, list[str]]:
    """Each golden case with its live result, or the validation errors that prevent running them."""
    try:
        questionnaire = content_definition(criteria_set.questionnaire)
        definition = content_definition(criteria_set)
    except (engine.DefinitionError, KeyError, TypeError, ValueError) as exc:
        return [], [str(exc)]
    errors = engine.validate_criteria_set(questionnaire, definition)
    if errors:
        return [], [describe_error(e) for e in errors]
    rows = {case.name: case for case in criteria_set.golden_cases.all()}
    results = []
    for result in engine.run_golden_cases(questionnaire, definition):
        evaluation = result.evaluation  # with the case's facts: the same run that passed or failed it
        results.append(
            {
                "case": rows.get(result.case.name),
                "result": result,
                "actual": evaluation.verdict if evaluation else None,
                "matched": evaluation.matched if evaluation else (),
            }
        )
    return results, []


def _with_open_drafts(versions) -> list:
    """The versions, each published or retired one knowing the newest draft of its slug (if any),
    so the page offers to continue it rather than start a second one."""
    versions = list(versions)
    drafts = {}
    for v in versions:
        if v.is_draft:
            drafts.setdefault(v.slug, v)  # newest first
    for v in versions:
        v.open_draft = None if v.is_draft else drafts.get(v.slug)
    return versions


@admin_required
def editor_home(request):
    return render(
        request,
        "editor/home.html",
        {
            "criteria_sets": _with_open_drafts(
                CriteriaSet.objects.select_related("questionnaire").order_by("slug", "-version")
            ),
            "questionnaires": _with_open_drafts(Questionnaire.objects.order_by("slug", "-version")),
        },
    )


def _slug_reference(questionnaire: Questionnaire) -> list[dict]:
    definition = content_definition(questionnaire)
    return [
        {"slug": q.slug, "type": q.type, "prompt": q.prompt, "values": q.choice_values} for q in definition.questions
    ]


@admin_required
def editor_criteria(request, pk):
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("questionnaire"), pk=pk)
    criteria = list(criteria_set.criteria.all())
    groups = [(label, [c for c in criteria if c.kind == kind]) for kind, label in Criterion.KINDS]
    golden, golden_blocked = _golden_results(criteria_set)
    return render(
        request,
        "editor/criteria.html",
        {
            "criteria_set": criteria_set,
            "groups": groups,
            "rules": criteria_set.policy_rules.all(),
            "kinds": Criterion.KINDS,
            "approaches": Criterion.APPROACHES,
            "verdicts": PolicyRule.VERDICTS,
            "slugs": _slug_reference(criteria_set.questionnaire),
            "errors": [describe_error(e) for e in criteria_set.validation_errors()],
            "golden": golden,
            "golden_blocked": golden_blocked,
            "golden_failing": sum(not g["result"].passed for g in golden),
            "editable": criteria_set.is_draft,
            "targets": Questionnaire.objects.filter(slug=criteria_set.questionnaire.slug).order_by("-version"),
        },
    )


@admin_required
@require_POST
def editor_validate_condition(request, pk):
    """Inline validation as the admin types, with the check publishing uses: a criterion's
    condition reads the questionnaire's answers and the measured facts."""
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    source = request.POST.get("condition", "")
    errors = engine.check_criterion_condition(content_definition(criteria_set.questionnaire), source)
    return render(request, "editor/_condition_errors.html", {"errors": [e.message for e in errors]})


@admin_required
@require_POST
@draft_edit
def editor_criterion_save(request, pk, criterion_pk):
    criterion = get_draft_part_or_400(Criterion, pk=criterion_pk, criteria_set_id=pk)
    data = {name: request.POST[name] for name in editing.CRITERION_FIELDS if name in request.POST}
    if "kind" in data and data["kind"] not in dict(Criterion.KINDS):
        return HttpResponseBadRequest("Unknown kind of criterion.")
    if "alternative" in data and data["alternative"] not in dict(Criterion.APPROACHES):
        data["alternative"] = ""
    try:
        editing.criterion_update(criterion=criterion, data=data)
    except editing.EditRefused as exc:
        return render(request, "editor/_saved.html", {"errors": [str(exc)], "refused": True})
    questionnaire = content_definition(criterion.criteria_set.questionnaire)
    errors = engine.check_criterion_condition(questionnaire, criterion.condition, criterion.slug)
    response = render(request, "editor/_saved.html", {"errors": [e.message for e in errors]})
    response["HX-Trigger"] = "saved"  # the golden cases panel re-runs
    return response


@admin_required
@require_POST
@draft_edit
def editor_criterion_action(request, pk, criterion_pk, action):
    criterion = get_draft_part_or_400(Criterion, pk=criterion_pk, criteria_set_id=pk)
    if action == "duplicate":
        copy = editing.criterion_duplicate(criterion=criterion)
        messages.success(request, f"Duplicated as {copy.slug}.")
    elif action == "remove":
        editing.criterion_remove(criterion=criterion)
        messages.success(request, f"{criterion.slug} removed from this draft.")
    return redirect("editor-criteria", pk=pk)


@admin_required
@require_POST
@draft_edit
def editor_criterion_add(request, pk):
    criteria_set = get_draft_part_or_400(CriteriaSet, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in dict(Criterion.KINDS):
        return HttpResponseBadRequest("Choose a kind of criterion.")
    criterion = editing.criterion_add(criteria_set=criteria_set, kind=kind)
    messages.success(request, f"Added {criterion.slug}; write its condition below.")
    return redirect("editor-criteria", pk=pk)


@admin_required
@require_POST
@draft_edit
def editor_rule_save(request, pk, rule_pk):
    rule = get_draft_part_or_400(PolicyRule, pk=rule_pk, criteria_set_id=pk)
    if "move" in request.POST:
        editing.policy_rule_move(rule=rule, up=request.POST["move"] == "up")
        return redirect("editor-criteria", pk=pk)
    data = {name: request.POST[name] for name in editing.POLICY_FIELDS if name in request.POST}
    if "verdict" in data and data["verdict"] not in VERDICTS:
        return HttpResponseBadRequest("Unknown verdict.")
    try:
        editing.policy_rule_update(rule=rule, data=data)
    except editing.EditRefused as exc:
        return render(request, "editor/_saved.html", {"errors": [str(exc)], "refused": True})
    errors = rule.criteria_set.validation_errors()
    response = render(
        request,
        "editor/_saved.html",
        {"errors": [describe_error(e) for e in errors if e.field[:2] == ("policy", rule.slug)]},
    )
    response["HX-Trigger"] = "saved"
    return response


@admin_required
def editor_golden(request, pk):
    """The golden cases panel, re-rendered live after each change."""
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    golden, blocked = _golden_results(criteria_set)
    return render(
        request,
        "editor/_golden.html",
        {
            "criteria_set": criteria_set,
            "golden": golden,
            "golden_blocked": blocked,
            "golden_failing": sum(not g["result"].passed for g in golden),
            "verdicts": PolicyRule.VERDICTS,
            "editable": criteria_set.is_draft,
        },
    )


@admin_required
@require_POST
@refusal_shown("editor-criteria", "pk")
@draft_edit
def editor_criteria_target(request, pk):
    """Aim the draft at another version of its questionnaire."""
    criteria_set = get_draft_part_or_400(CriteriaSet.objects.select_related("questionnaire"), pk=pk)
    chosen = parse_id(request.POST.get("questionnaire", ""))
    target = Questionnaire.objects.filter(pk=chosen).first() if chosen else None
    if target is None:
        messages.error(request, "Choose a questionnaire version.")
        return redirect("editor-criteria", pk=pk)
    editing.criteria_set_retarget(criteria_set=criteria_set, questionnaire=target)
    messages.success(request, f"This draft now reads {target.slug} v{target.version}.")
    return redirect("editor-criteria", pk=pk)


def _slug_list(text: str) -> list[str]:
    """Criterion slugs as the golden case fields show them ("a, b") or typed ("a b"), once each."""
    return list(dict.fromkeys(s for s in re.split(r"[\s,]+", text) if s))


@admin_required
@require_POST
@draft_edit
def editor_golden_save(request, pk, case_pk):
    case = get_draft_part_or_400(GoldenCase, pk=case_pk, criteria_set_id=pk)
    verdict = request.POST.get("expected_verdict", "")
    note = request.POST.get("note", "").strip()
    must = _slug_list(request.POST.get("must_match", ""))
    must_not = _slug_list(request.POST.get("must_not_match", ""))
    unknown = sorted(set(must + must_not) - set(case.criteria_set.criteria.values_list("slug", flat=True)))
    if verdict not in VERDICTS:
        messages.error(request, "Choose the verdict this case should give.")
    elif not note:
        messages.error(request, "Say why the expectation changes: a note is required.")
    elif unknown:
        messages.error(request, f"No criterion is called {', '.join(unknown)} in this draft.")
    else:
        editing.golden_case_update(
            case=case, expected_verdict=verdict, must_match=must, must_not_match=must_not, note=note
        )
        messages.success(request, f"Golden case {case.name!r} now expects {VERDICTS[verdict]}.")
    return redirect("editor-criteria", pk=pk)
