"""Golden cases in the criteria editor (admins only, drafts only): add, rename and remove.

A case's expectation is changed by editor.editor_golden_save (with a required note); its answers
are edited with the client's own question widgets, on the engagement side's page
(discovery/views/editor_answers.py), which is where those widgets live.
"""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.editor.access import draft_edit, get_draft_part_or_400
from assessments.models import CriteriaSet, GoldenCase
from assessments.services import golden_cases
from discovery.roles import admin_required
from web.refusals import refusal_shown

GOLDEN_ANCHOR = "golden-heading"  # the golden cases panel on the criteria editor


def _golden_url(pk: int) -> str:
    return reverse("editor-criteria", args=[pk]) + f"#{GOLDEN_ANCHOR}"


@admin_required
@require_POST
@refusal_shown("editor-criteria", "pk", anchor=GOLDEN_ANCHOR)
@draft_edit
def editor_golden_add(request, pk):
    """A new case with a name and an expected verdict; its answers are given on the next page."""
    criteria_set = get_draft_part_or_400(CriteriaSet, pk=pk)
    case = golden_cases.golden_case_add(
        criteria_set=criteria_set,
        name=request.POST.get("name", ""),
        expected_verdict=request.POST.get("expected_verdict", ""),
    )
    messages.success(request, f"Added the golden case {case.name!r}; give its answers below.")
    return redirect("editor-golden-answers", pk=pk, case_pk=case.pk)


@admin_required
@require_POST
@refusal_shown("editor-criteria", "pk", anchor=GOLDEN_ANCHOR)
@draft_edit
def editor_golden_action(request, pk, case_pk, action):
    """rename (POST name) or remove one golden case of the draft."""
    case = get_draft_part_or_400(GoldenCase.objects.select_related("criteria_set"), pk=case_pk, criteria_set_id=pk)
    if action == "remove":
        golden_cases.golden_case_remove(case=case)
        messages.success(request, f"Golden case {case.name!r} removed from this draft.")
    elif action == "rename":
        old = case.name
        golden_cases.golden_case_rename(case=case, name=request.POST.get("name", ""))
        messages.success(request, f"Renamed {old!r} to {case.name!r}.")
    else:
        return HttpResponseBadRequest("Unknown action.")
    return redirect(_golden_url(pk))
