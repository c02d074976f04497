"""Where the client's engagement stands, and the delivered report once an architect sent it."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from assessments.reports.access import docx_download
from assessments.reports.html import report_body
from assessments.reports.selectors import delivered_report_for as delivered_report
from assessments.selectors import content_definition
from discovery.engagements.sla import OVERDUE, sla_state
from discovery.models import Engagement
from discovery.portal.questions import progress, resume_section
from discovery.portal.views.access import client_required


@client_required
def status(request, *, engagement, assessment):
    definition = content_definition(assessment.questionnaire)
    answers = assessment.answer_values()
    done, total = progress(definition, answers)
    resume = resume_section(definition, answers)
    clock = sla_state(
        submitted_at=engagement.submitted_at,
        response_due_at=engagement.response_due_at,
        first_response_at=engagement.first_response_at,
        now=timezone.now(),
    )
    context = {
        "engagement": engagement,
        "overdue": clock == OVERDUE,
        "assessment": assessment,
        "answered": done,
        "total": total,
        "resume": resume or "",
        "first_section": definition.sections[0].slug,
        "report": delivered_report(engagement),
        "E": Engagement,
        "past_submitted": [Engagement.IN_REVIEW, Engagement.DELIVERED, Engagement.CLOSED],
    }
    return render(request, "client/status.html", context)


@client_required
def report(request, *, engagement, assessment):
    found = delivered_report(engagement)
    if found is None:
        raise Http404("No report has been delivered yet.")
    # The body of the stored document, as it was delivered, inside the client's own pages; the
    # whole document stays the PDF's source.
    return render(request, "client/report.html", {"report": found, "body": report_body(found.html)})


@client_required
def report_pdf(request, *, engagement, assessment):
    found = delivered_report(engagement)
    if found is None or not found.pdf:
        raise Http404("No PDF has been delivered yet.")
    filename = f"readiness-report-{engagement.organisation.normalised_name.replace(' ', '-')}.pdf"
    return FileResponse(found.pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")


@client_required
def report_docx(request, *, engagement, assessment):
    """The delivered version as an editable Word document, for the client to annotate and share."""
    found = delivered_report(engagement)
    if found is None:
        raise Http404("No report has been delivered yet.")
    filename = f"readiness-report-{engagement.organisation.normalised_name.replace(' ', '-')}.docx"
    return docx_download(found, filename)
