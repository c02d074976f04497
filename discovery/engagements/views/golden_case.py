""" "Save as golden case" on the review page (admins only: only they edit content, discovery/roles.py).

It copies the report's evaluation — the answers as evaluated and any measured facts it used — into
a golden case of the open draft of the criteria set it was evaluated with. It expects the verdict
the report stands by: on a report whose architect overrode the computed verdict, the architect's
(the computed one only when the admin picks it), and the page and message say which. With no open
draft the page offers to create one, and the message says which happened.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from assessments.engine import verdict_label
from assessments.reports.access import get_report_or_404
from assessments.services.golden_cases import golden_case_from_evaluation
from discovery.roles import admin_required
from web.refusals import refusal_shown

COMPUTED = "computed"  # the form's other choice, "architect", is the default


def golden_expectation(report, choice: str = "") -> tuple[str, str]:
    """(the verdict to expect, which one it is in words). An overridden report expects the
    architect's verdict unless `choice` asks for the computed one; nonsense keeps the default."""
    computed = report.evaluation.verdict
    if report.override_verdict and report.override_verdict != computed and choice != COMPUTED:
        return report.override_verdict, "the architect's verdict"
    if report.override_verdict and report.override_verdict != computed:
        return computed, "the computed verdict, which the architect overrode"
    return computed, "the verdict this evaluation got"


def suggested_name(report) -> str:
    """A starting name: which engagement and what it got (the admin says what it pins down)."""
    verdict, _ = golden_expectation(report)
    return f"Engagement #{report.assessment.engagement_id}: {verdict_label(verdict)}"


@admin_required
@require_POST
@refusal_shown("reports:review", "pk")
def save_as_golden_case(request, pk):
    report = get_report_or_404(pk)
    evaluation = report.evaluation
    if evaluation is None:
        messages.error(request, "This report version has no evaluation yet, so there are no answers to copy.")
        return redirect("reports:review", pk=report.pk)
    verdict, which = golden_expectation(report, request.POST.get("expect", ""))
    case, created = golden_case_from_evaluation(
        evaluation=evaluation,
        name=request.POST.get("name", ""),
        user=request.user,
        create_draft=request.POST.get("create_draft") == "1",
        expected_verdict=verdict,
    )
    draft = case.criteria_set
    where = (
        f"{draft.slug} v{draft.version}, a draft created for it"
        if created
        else f"the open draft {draft.slug} v{draft.version}"
    )
    messages.success(
        request,
        f"Saved as golden case {case.name!r} in {where}. It expects {verdict_label(case.expected_verdict)}, "
        f"{which}: check its answers and expectation before publishing.",
    )
    return redirect("editor-golden-answers", pk=draft.pk, case_pk=case.pk)
