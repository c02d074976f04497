""" "Save as golden case" on the review page (admins only: only they edit content, discovery/roles.py).

It copies the report's evaluation — the answers as evaluated and any measured facts it used — into
a golden case of the open draft of the criteria set it was evaluated with, expecting the verdict it
got. With no open draft the page offers to create one, and the message says which happened.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from assessments.engine import verdict_label
from assessments.reports.access import get_report_or_404
from assessments.services.editing import EditRefused
from assessments.services.golden_cases import golden_case_from_evaluation
from discovery.roles import admin_required


def suggested_name(report) -> str:
    """A starting name: which engagement and what it got (the admin says what it pins down)."""
    evaluation = report.evaluation
    return f"Engagement #{report.assessment.engagement_id}: {verdict_label(evaluation.verdict)}"


@admin_required
@require_POST
def save_as_golden_case(request, pk):
    report = get_report_or_404(pk)
    evaluation = report.evaluation
    if evaluation is None:
        messages.error(request, "This report version has no evaluation yet, so there are no answers to copy.")
        return redirect("reports:review", pk=report.pk)
    try:
        case, created = golden_case_from_evaluation(
            evaluation=evaluation,
            name=request.POST.get("name", ""),
            user=request.user,
            create_draft=request.POST.get("create_draft") == "1",
        )
    except EditRefused as exc:
        messages.error(request, str(exc))
        return redirect("reports:review", pk=report.pk)
    draft = case.criteria_set
    where = (
        f"{draft.slug} v{draft.version}, a draft created for it"
        if created
        else f"the open draft {draft.slug} v{draft.version}"
    )
    messages.success(
        request,
        f"Saved as golden case {case.name!r} in {where}. It expects {verdict_label(case.expected_verdict)}, "
        "the verdict this evaluation got: check its answers and expectation before publishing.",
    )
    return redirect("editor-golden-answers", pk=draft.pk, case_pk=case.pk)
