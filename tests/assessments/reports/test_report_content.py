"""What the report says: a qualified explanation, workshop provenance, disagreement, attendees,
and a tagged, accessible PDF."""

import io

import pytest
from pypdf import PdfReader

from assessments.models import Answer, AnswerRevision, WorkshopAttendee
from assessments.reports.selectors import report_answers
from assessments.reports.services import report_request
from tests.assessments.reports.factories import make_assessment, with_disagreements

pytestmark = pytest.mark.django_db(transaction=True)


def _summary(report) -> str:
    return report.html.split('id="summary"', 1)[1].split("</section>", 1)[0]


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += _outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def test_spot_checks_and_no_baseline_qualify_a_fine_tune_verdict_by_name():
    assessment = make_assessment("fine_tune", evaluation_method="spot_checks", baseline_measured=False)
    report = report_request(assessment=assessment)
    report.refresh_from_db()
    summary = _summary(report)
    assert report.evaluation.verdict == "fine_tune"
    assert "nothing fine-tuning depends on is missing" in summary
    assert "quality checks are informal and the current solution hasn&#x27;t been measured" in summary
    assert "settle this before training" in summary
    assert "measurement and rights are in place" not in report.html


def test_the_scorecard_names_the_criteria_that_fired_per_kind():
    report = report_request(assessment=make_assessment("not_yet"))
    report.refresh_from_db()
    scorecard = report.html.split('id="scorecard"', 1)[1].split("</section>", 1)[0]
    # v2 added a prerequisite that reads facts; v3, the published default, keeps it.
    assert "Prerequisites missing: 1 of 4" in scorecard
    assert "Not enough good examples yet" in scorecard
    assert "<svg" not in scorecard


def test_a_workshop_change_keeps_the_clients_original_and_the_appendix_marks_it(alice):
    assessment = make_assessment("fine_tune", request_volume="high")
    answer = Answer.objects.get(assessment=assessment, question_slug="request_volume")
    AnswerRevision.objects.create(answer=answer, revision=1, new_value="high", changed_by_label="Nora Client")
    AnswerRevision.objects.create(answer=answer, revision=2, old_value="high", new_value="medium", changed_by=alice)
    Answer.objects.filter(pk=answer.pk).update(value="medium", revision=2, updated_by=alice, confidence="unsure")
    report = report_request(assessment=assessment)
    report.refresh_from_db()
    rows = {a["slug"]: a for s in report_answers(report) for a in s["answers"]}
    changed = rows["request_volume"]
    assert changed["provenance"].by_workshop and changed["provenance"].by == "Alice"
    assert changed["client_answer"] and changed["client_answer"] != changed["answer"]
    assert changed["provenance"].confidence == "unsure"
    appendix = report.html.split('id="appendix"', 1)[1]
    assert appendix.count("Changed in the workshop</strong>") == 1
    assert f"You first answered: {changed['client_answer']}" in appendix


def test_points_of_disagreement_appear_only_when_the_architect_includes_them(alice):
    assessment = make_assessment("fine_tune")
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(
        stakeholders_disagree=True, disagreement_detail="CTO says 500, product lead says 80"
    )
    WorkshopAttendee.objects.create(assessment=assessment, name="Priya Shah", role="CTO")
    first = report_request(assessment=assessment)
    first.refresh_from_db()
    assert "Points of disagreement" not in first.html
    assert "Priya Shah, CTO" in first.html
    second = with_disagreements(first, alice)
    second.refresh_from_db()
    assert second.include_disagreements
    assert "Points of disagreement" in second.html and "CTO says 500, product lead says 80" in second.html


def test_the_pdf_is_tagged_with_title_language_and_a_bookmark_per_section():
    report = report_request(assessment=make_assessment("fine_tune"))
    report.refresh_from_db()
    report.pdf.open("rb")
    reader = PdfReader(io.BytesIO(report.pdf.read()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Recommendation for Acme Widgets (version 1)"
    titles = _outline_titles(reader.outline)
    for section in ["Executive summary", "Scorecard", "Why: the criteria that applied", "Appendix: every answer"]:
        assert section in titles
