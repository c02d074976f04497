"""The architect's review of a report version, and its delivery (consultants only).

These two pages sit on the engagement side, beside the report package's own pages
(assessments/reports/views.py), because they are about the engagement: the review ranks the
consultants to propose as the team and shows whether this person may deliver; delivering moves
the engagement and emails its client. They keep the `reports:` URL names (discovery/engagements/review_urls.py).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.engine import verdict_label
from assessments.models import Report
from assessments.reports.access import get_report_or_404
from assessments.reports.forms import ReportReviewForm
from assessments.reports.html import report_chapters
from assessments.reports.measured import measured_readiness
from assessments.reports.paths import newer_profiles, report_measured_prompt, training_paths_section
from assessments.reports.sections import paths_blocks
from assessments.reports.selectors import report_answers, report_newest, report_versions
from assessments.reports.services import TRAFFIC_FIELDS, report_revise
from assessments.selectors import evaluation_golden_target, samples_uploaded
from discovery.engagements.selectors import engineer_suggestions
from discovery.engagements.services.delivery import can_deliver, delivery_gaps, report_deliver
from discovery.engagements.views.golden_case import golden_expectation, suggested_name
from discovery.models import Engagement
from discovery.roles import consultant_required, is_admin
from web.refusals import refusal_shown


def _golden_case_context(user, report) -> dict:
    """For admins, where "Save as golden case" would put this evaluation (see report_golden_case.py)."""
    if not is_admin(user) or report.evaluation is None:
        return {}
    draft, source = evaluation_golden_target(report.evaluation)
    verdict, which = golden_expectation(report)
    golden = {"draft": draft, "source": source, "name": suggested_name(report), "verdict": verdict, "which": which}
    return {"golden": golden | {"label": verdict_label(verdict), "overridden": verdict != report.evaluation.verdict}}


@consultant_required
def review(request, pk):
    report = get_report_or_404(pk)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The "being rendered" notices (here and on the engagement page) poll this: nothing to do
        # until this version is done, then reload the polling page (everything on it changes at once).
        if report.status in (Report.QUEUED, Report.GENERATING):
            return HttpResponse(status=204)
        return HttpResponse(headers={"HX-Refresh": "true"})
    approaches = report.evaluation.result["approaches"] if report.evaluation else []
    suggestions = engineer_suggestions(approaches)
    measured_prompt = report_measured_prompt(report)
    if request.method == "POST":
        form = ReportReviewForm(request.POST, suggestions=suggestions, measured_prompt=measured_prompt)
        if form.is_valid():
            new = report_revise(
                report=report,
                user=request.user,
                narrative=form.cleaned_data["narrative"],
                override_verdict=form.cleaned_data["override_verdict"],
                override_justification=form.cleaned_data["override_justification"],
                engineers=form.cleaned_data["engineers"],
                include_disagreements=form.cleaned_data["include_disagreements"],
                no_engineers_reason=form.cleaned_data["no_engineers_reason"],
                traffic=form.traffic(),
            )
            messages.success(request, f"Saved as version {new.number}.")
            return redirect("reports:review", pk=new.pk)
    else:
        form = ReportReviewForm(
            suggestions=suggestions,
            measured_prompt=measured_prompt,
            initial={
                "narrative": report.narrative,
                "override_verdict": report.override_verdict,
                "override_justification": report.override_justification,
                "include_disagreements": report.include_disagreements,
                "engineers": [p.pk for p in report.proposed_engineers.all()],
                "no_engineers_reason": report.no_engineers_reason,
                **{name: getattr(report, name) for name in TRAFFIC_FIELDS},
            },
        )
    newest = report_newest(assessment_id=report.assessment_id)
    context = {
        "report": report,
        "engagement": report.assessment.engagement,
        "form": form,
        "versions": list(report_versions(report).select_related("created_by")),
        "newest": newest,
        "answers": report_answers(report),
        "computed_label": verdict_label(report.evaluation.verdict) if report.evaluation else "",
        "override_label": verdict_label(report.override_verdict),
        "can_deliver": can_deliver(report=report, user=request.user),
        "engagement_in_review": report.assessment.engagement.can_transition(Engagement.DELIVERED, "lead"),
        "is_newest": newest.pk == report.pk,
        "delivery_gaps": delivery_gaps(report),
        "uploaded_files": samples_uploaded(report.assessment),
        **_golden_case_context(request.user, report),
        "measured": measured_readiness(report),
        "paths": _paths_blocks(report),
        "chapters": report_chapters(report.html) if report.status == Report.READY else [],
        "newer_profiles": newer_profiles(report),
    }
    return render(request, "reports/review.html", context)


def _paths_blocks(report):
    """The report's "Training paths and cost" chapter as blocks, for the panel (None: none)."""
    section = training_paths_section(report)
    return paths_blocks(section) if section else None


@consultant_required
@require_POST
@refusal_shown("reports:review", "pk")
def deliver(request, pk):
    report = get_report_or_404(pk)
    report_deliver(report=report, user=request.user)
    messages.success(request, "Delivered. The client has been emailed a private link to the report.")
    return redirect("reports:review", pk=report.pk)
