"""Downloads of a report version for consultants: the editable DOCX and the action plan as CSV or
XLSX. They sit on the engagement side because every spreadsheet goes through web/exports.py
(one formula-neutralising writer), which the report package may not import."""

from django.http import Http404

from assessments.models import Report
from assessments.reports.access import docx_download, erased_redirect, get_report_or_404
from assessments.reports.selectors import report_action_plan
from discovery.roles import consultant_required
from web.exports import EXPORT_FORMATS, table_response


@consultant_required
def docx(request, pk):
    report = get_report_or_404(pk)
    if report.status == Report.ERASED:
        return erased_redirect(request, report)
    return docx_download(report, f"discovery-report-{report.assessment_id}-v{report.number}.docx")


@consultant_required
def action_plan(request, pk, fmt):
    """The version's readiness plan: one row per next step, who owns it, which criteria added it."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("Exports are CSV or XLSX.")
    report = get_report_or_404(pk)
    if report.status == Report.ERASED:
        return erased_redirect(request, report)
    if report.status != Report.READY:
        raise Http404("This version has not been rendered yet.")
    organisation = report.assessment.engagement.organisation
    rows = [["Step", "Next step", "Who", "From criterion", "Client", "Report version"]]
    for step in report_action_plan(report):
        number = step["number"] if step["number"] is not None else f"Done: {step['done']}"
        rows.append([number, step["step"], step["who"], "; ".join(step["criteria"]), organisation.name, report.number])
    name = f"action-plan-{report.assessment_id}-v{report.number}"
    return table_response(rows, fmt=fmt, name=name, title="Action plan")
