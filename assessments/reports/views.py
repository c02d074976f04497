"""The report itself, for consultants: draft HTML, PDF, retry, regenerate, newest version.

The review page and delivery live on the engagement side (discovery/engagements/views/review.py).
"""

from csp.decorators import csp_replace
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from assessments.models import Report
from assessments.reports.access import erased_redirect, get_report_or_404
from assessments.reports.selectors import report_newest
from assessments.reports.services import report_request, report_retry
from discovery.roles import consultant_required


@consultant_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # shown in the review page's iframe
def html(request, pk):
    report = get_report_or_404(pk)
    if report.status != Report.READY or report.erased_at:
        # An erased version's HTML named the client and is gone (discovery/privacy/services.py).
        raise Http404("This version has not been rendered yet, or was erased.")
    return HttpResponse(report.html)


@consultant_required
def pdf(request, pk):
    report = get_report_or_404(pk)
    if report.status == Report.ERASED:
        return erased_redirect(request, report)
    if report.status != Report.READY or not report.pdf:
        raise Http404("This version has no PDF yet.")
    name = f"discovery-report-{report.assessment_id}-v{report.number}.pdf"
    return FileResponse(report.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


@consultant_required
@require_POST
def retry(request, pk):
    report = get_report_or_404(pk)
    if report_retry(report=report):
        messages.info(request, "Rendering again.")
    else:
        messages.info(request, "This version is not failed; nothing to retry.")
    return redirect("reports:review", pk=report.pk)


@consultant_required
@require_POST
def regenerate(request, pk):
    """Re-evaluate the current answers into a new version (keeps the architect's edits)."""
    report = get_report_or_404(pk)
    new = report_request(assessment=report.assessment, user=request.user)
    messages.success(request, f"Version {new.number} is being generated from the current answers.")
    return redirect("reports:review", pk=new.pk)


@consultant_required
def latest(request, assessment_id):
    report = report_newest(assessment_id=assessment_id)
    if report is None:
        raise Http404("No report has been requested for this assessment yet.")
    return redirect("reports:review", pk=report.pk)
