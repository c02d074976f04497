"""The demo shows several voices and the passage of time: three respondents who disagree twice,
and an organisation assessed twice, six months apart, moving from Not yet to Fine-tune."""

import io

import pytest

from assessments.models import Assessment, Respondent
from assessments.reports.sections import report_source
from assessments.selectors import assessment_comparison, assessment_disagreements
from demo import people, reports, respondents

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_respondents_two_open_disagreements_and_a_reassessment_that_moved(monkeypatch):
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 demo")
    out = io.StringIO()
    people.build(out)
    respondents.build(out)
    respondents.build(out)  # a second run adds nothing, and prints fresh links
    reports.build(out)
    tidewater = Assessment.objects.get(engagement__organisation__name="Tidewater Logistics")
    assert Respondent.objects.filter(assessment=tidewater).count() == 3
    assert [d.slug for d in assessment_disagreements(tidewater) if d.is_open] == [
        "curated_examples",
        "evaluation_method",
    ]
    assert out.getvalue().count("Dana Data (data lead) at Tidewater Logistics") == 2
    earlier, later = Assessment.objects.filter(engagement__organisation__name="Quayside Books").order_by("created_at")
    assert (later.submitted_at - earlier.submitted_at).days >= 180
    comparison = assessment_comparison(earlier, later)
    assert (comparison.then.verdict, comparison.now.verdict) == ("not_yet", "fine_tune")
    since = report_source(later.reports.get()).since_last
    assert since["moved"] and since["now"] == "fine_tune"
