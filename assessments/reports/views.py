"""Architect review of recommendation reports (consultants only)."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from assessments.models import Report
from assessments.reports.forms import ReportReviewForm
from assessments.reports.html import VERDICT_LABELS, answer_text
from assessments.reports.selectors import engineer_suggestions, report_versions
from assessments.selectors import questionnaire_definition
from assessments.services.reports import (
    DeliveryRefused,
    can_deliver,
    report_deliver,
    report_request,
    report_retry,
    report_revise,
)
from discovery.models import Engagement
from discovery.roles import consultant_required


def _report(pk) -> Report:
    return get_object_or_404(Report.objects.select_related("assessment__engagement__organisation", "evaluation"), pk=pk)


def _answers(report: Report) -> list[dict]:
    assessment = report.assessment
    values = report.evaluation.answers if report.evaluation else assessment.answer_values()
    questionnaire = questionnaire_definition(
        report.evaluation.questionnaire if report.evaluation else assessment.questionnaire
    )
    return [
        {
            "title": s.title,
            "answers": [
                {"prompt": q.prompt, "answer": answer_text(q, values.get(q.slug))}
                for q in s.questions
                if q.slug in values
            ],
        }
        for s in questionnaire.sections
    ]


@consultant_required
def review(request, pk):
    report = _report(pk)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The "being rendered" notice polls here: nothing to do until this version is done,
        # then reload the whole page (status, draft, download and deliver all change at once).
        if report.status in (Report.QUEUED, Report.GENERATING):
            return HttpResponse(status=204)
        return HttpResponse(headers={"HX-Refresh": "true"})
    approaches = report.evaluation.result["approaches"] if report.evaluation else []
    suggestions = engineer_suggestions(approaches)
    if request.method == "POST":
        form = ReportReviewForm(request.POST, suggestions=suggestions)
        if form.is_valid():
            new = report_revise(
                report=report,
                user=request.user,
                narrative=form.cleaned_data["narrative"],
                override_verdict=form.cleaned_data["override_verdict"],
                override_justification=form.cleaned_data["override_justification"],
                engineers=form.cleaned_data["engineers"],
            )
            messages.success(request, f"Saved as version {new.number}.")
            return redirect("reports:review", pk=new.pk)
    else:
        form = ReportReviewForm(
            suggestions=suggestions,
            initial={
                "narrative": report.narrative,
                "override_verdict": report.override_verdict,
                "override_justification": report.override_justification,
                "engineers": [p.pk for p in report.proposed_engineers.all()],
            },
        )
    versions = list(report_versions(report).select_related("created_by"))
    context = {
        "report": report,
        "engagement": report.assessment.engagement,
        "form": form,
        "versions": versions,
        "answers": _answers(report),
        "computed_label": VERDICT_LABELS.get(report.evaluation.verdict, "") if report.evaluation else "",
        "override_label": VERDICT_LABELS.get(report.override_verdict, ""),
        "can_deliver": can_deliver(report=report, user=request.user),
        "engagement_in_review": report.assessment.engagement.can_transition(Engagement.DELIVERED, "lead"),
        "is_newest": versions[0].pk == report.pk,
    }
    return render(request, "reports/review.html", context)


@consultant_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # shown in the review page's iframe
def html(request, pk):
    report = _report(pk)
    if report.status != Report.READY:
        raise Http404("This version has not been rendered yet.")
    return HttpResponse(report.html)


@consultant_required
def pdf(request, pk):
    report = _report(pk)
    if report.status != Report.READY or not report.pdf:
        raise Http404("This version has no PDF yet.")
    name = f"discovery-report-{report.assessment_id}-v{report.number}.pdf"
    return FileResponse(report.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


@consultant_required
@require_POST
def deliver(request, pk):
    report = _report(pk)
    try:
        report_deliver(report=report, user=request.user)
    except DeliveryRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Delivered. The client has been emailed a private link to the report.")
    return redirect("reports:review", pk=report.pk)


@consultant_required
@require_POST
def retry(request, pk):
    report = _report(pk)
    if report_retry(report=report):
        messages.info(request, "Rendering again.")
    else:
        messages.info(request, "This version is not failed; nothing to retry.")
    return redirect("reports:review", pk=report.pk)


@consultant_required
@require_POST
def regenerate(request, pk):
    """Re-evaluate the current answers into a new version (keeps the architect's edits)."""
    report = _report(pk)
    new = report_request(assessment=report.assessment, user=request.user)
    messages.success(request, f"Version {new.number} is being generated from the current answers.")
    return redirect("reports:review", pk=new.pk)


@consultant_required
def latest(request, assessment_id):
    report = Report.objects.filter(assessment_id=assessment_id).order_by("-number").first()
    if report is None:
        raise Http404("No report has been requested for this assessment yet.")
    return redirect("reports:review", pk=report.pk)
