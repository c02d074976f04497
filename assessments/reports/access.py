"""What every page about one report version starts with, on either app's side: the version
(404 when it doesn't exist) and the answer to a download of an erased one.

Its own module, below the views, so the engagement side's report pages (discovery/engagements/views/,
the client's status page) share it without importing another app's views (the independence
contract in pyproject.toml).
`docx_download` is here too: the consultant's and the client's pages both serve the stored DOCX.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect

from assessments.models import Report

ERASED_FILES = "Version {number}'s files were deleted when the client's personal data was erased."


def get_report_or_404(pk) -> Report:
    return get_object_or_404(Report.objects.select_related("assessment__engagement__organisation", "evaluation"), pk=pk)


def erased_redirect(request, report: Report):
    """A download of an erased version: back to its review page, which says why (not a 404 page)."""
    messages.info(request, ERASED_FILES.format(number=report.number))
    return redirect("reports:review", pk=report.pk)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_download(report: Report, filename: str) -> FileResponse:
    """The stored DOCX of a rendered version; 404 before it has one (versions rendered before
    DOCX existed get one when regenerated)."""
    if report.status != Report.READY or not report.docx:
        raise Http404("This version has no Word document yet.")
    return FileResponse(report.docx.open("rb"), as_attachment=True, filename=filename, content_type=DOCX_TYPE)
