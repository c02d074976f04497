"""The generate_report and render_demo_reports management commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Report
from discovery.models import ConsultantProfile, Engagement
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_generate_report_renders_a_new_version_each_time_and_prints_the_pdf_path():
    assessment = make_assessment("not_yet")
    first = _run("generate_report", "--assessment", str(assessment.pk))
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.READY
    assert f"Report v1 for assessment {assessment.pk}: not_yet" in first and report.pdf.name in first
    again = _run("generate_report", "--assessment", str(assessment.pk))
    assert "Report v2" in again
    assert list(assessment.reports.values_list("number", flat=True)) == [2, 1]


def test_generate_report_names_an_unknown_assessment():
    with pytest.raises(CommandError, match="No assessment with id 999999"):
        _run("generate_report", "--assessment", "999999")


def test_render_demo_reports_renders_each_submitted_assessment_once_and_marks_delivered_ones(django_user_model):
    lead = django_user_model.objects.create_user(username="lena", first_name="Lena")
    ConsultantProfile.objects.create(user=lead, title="Architect", skills=["fine_tuning", "evaluation"])
    in_review = make_assessment("fine_tune", organisation="Review Ltd")
    delivered = make_assessment("do_not_fine_tune", organisation="Done Ltd", lead=lead)
    Engagement.objects.filter(pk=delivered.engagement_id).update(status=Engagement.DELIVERED)
    still_open = make_assessment("not_yet", organisation="Open Ltd", submitted=False)

    assert "Reports: 2 rendered" in _run("render_demo_reports")
    review_report = in_review.reports.get()
    assert review_report.status == Report.READY and not review_report.is_delivered
    assert list(review_report.proposed_engineers.all()) == [lead.profile]
    delivered_report = delivered.reports.get()
    assert delivered_report.is_delivered and delivered_report.approved_by == lead
    assert not still_open.reports.exists()

    assert "Reports: 0 rendered" in _run("render_demo_reports")
    assert Report.objects.count() == 2
