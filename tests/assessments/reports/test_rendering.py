import io
from unittest import mock

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from assessments.models import Report
from assessments.reports.pdf import BASE_URL, static_only_fetch
from assessments.reports.services import report_request
from discovery.models import ConsultantProfile
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = "<script>alert('x')</script><img src=\"http://evil.example/p.png\">"


def _pdf_text(report) -> str:
    report.pdf.open("rb")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf.read())).pages)


@pytest.mark.parametrize(
    ("verdict", "label"),
    [("fine_tune", "Fine-tune now"), ("not_yet", "Not yet"), ("do_not_fine_tune", "Do not fine-tune")],
)
def test_each_verdict_renders_a_pdf_that_names_it(verdict, label):
    report = report_request(assessment=make_assessment(verdict))
    report.refresh_from_db()
    assert report.status == Report.READY
    text = _pdf_text(report)
    assert label in text
    assert "Appendix: every answer" in text
    assert "Page 2 of" in text


def test_client_script_in_an_answer_is_escaped_in_html_and_harmless_in_the_pdf():
    report = report_request(assessment=make_assessment(use_case_summary=SCRIPT))
    report.refresh_from_db()
    assert "<script>" not in report.html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in report.html
    text = _pdf_text(report)
    assert "<script>alert('x')</script>" in text  # shown as text, never run or fetched
    report.pdf.open("rb")
    reader = PdfReader(io.BytesIO(report.pdf.read()))
    assert "/JavaScript" not in reader.trailer["/Root"] and "/OpenAction" not in reader.trailer["/Root"]
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert not [link for link in links if "/URI" in link.get("/A", {})]  # no link out of the document


def test_matched_criteria_show_the_clients_answers_as_choice_labels():
    report = report_request(assessment=make_assessment("not_yet"))
    report.refresh_from_db()
    html = report.html
    assert "under_100" not in html.split('id="appendix"')[0]
    assert "Fine-tuning programme scope" in html


def test_do_not_fine_tune_has_no_programme_scope():
    report = report_request(assessment=make_assessment("do_not_fine_tune"))
    report.refresh_from_db()
    assert "Fine-tuning programme scope" not in report.html


def test_the_fetcher_serves_project_static_files_only():
    ok = static_only_fetch(BASE_URL + "static/css/report-print.css")
    assert b"@page" in ok._file_obj.read()
    for url in [
        "http://evil.example/x.png",
        "file:///etc/passwd",
        BASE_URL + "static/../../etc/passwd",
        BASE_URL + "media/reports/x.pdf",
        "data:text/plain,hi",
    ]:
        with pytest.raises(URLFetchingError):
            static_only_fetch(url)


def test_the_cover_names_client_engagement_lead_and_content_versions(alice):
    assessment = make_assessment("fine_tune", lead=alice, organisation="Acme Widgets")
    report = report_request(assessment=assessment)
    report.refresh_from_db()
    cover = report.html.split('class="toc"')[0]
    engagement = assessment.engagement
    assert "Acme Widgets" in cover
    assert f"No. {engagement.pk} · Self-service assessment · led by Alice" in cover
    assert "fine-tuning-readiness v2" in cover and "fine-tuning-criteria v3" in cover


def test_the_proposed_team_shows_names_titles_and_skills_and_yes_no_answers_read_as_words(alice):
    profile = ConsultantProfile.objects.create(user=alice, title="Principal Architect", skills=["rag", "evaluation"])
    report = report_request(assessment=make_assessment("fine_tune"))
    report.proposed_engineers.set([profile])
    Report.objects.filter(pk=report.pk).update(status=Report.QUEUED)
    from assessments.tasks import report_generate_task

    report_generate_task.delay(report.pk)
    report.refresh_from_db()
    team = report.html.split('id="team"')[1].split("</section>")[0]
    assert "Alice" in team and "Principal Architect" in team and "Retrieval (RAG), Evaluation" in team
    assert "<td>Yes</td>" in report.html.split('id="appendix"')[1]


def test_the_programme_scope_in_the_pdf_lists_its_phases():
    report = report_request(assessment=make_assessment("not_yet"))
    report.refresh_from_db()
    text = " ".join(_pdf_text(report).split())  # table cells wrap lines
    for phase in ["Dataset curation", "Evaluation design", "Baseline validation", "model-version migration"]:
        assert phase in text


def test_when_no_reason_for_fine_tuning_matched_the_report_lists_the_ones_looked_for():
    report = report_request(assessment=make_assessment("fine_tune", goals=["general_quality"]))
    report.refresh_from_db()
    assert report.evaluation.verdict == "do_not_fine_tune"
    why = report.html.split('id="criteria"')[1].split("</section>")[0]
    assert "None of the needs fine-tuning serves well came up in your answers" in why
    assert why.count("<li>") == 4  # the four fit criteria of the default set
    steps = report.html.split('id="next-steps"')[1].split("</section>")[0]
    assert "Start with Prompt engineering" in steps


def test_the_pdf_renderer_asks_the_static_only_fetcher_for_every_resource():
    from assessments.reports import pdf

    html = (
        '<link rel="stylesheet" href="/static/css/report-print.css">'
        '<img src="file:///etc/hostname"><img src="http://evil.example/x.png"><p>Hello</p>'
    )
    with mock.patch.object(pdf, "static_only_fetch", wraps=pdf.static_only_fetch) as fetch:
        assert pdf.html_to_pdf(html).startswith(b"%PDF")
    asked = [call.args[0] for call in fetch.call_args_list]
    assert BASE_URL + "static/css/report-print.css" in asked
    assert "file:///etc/hostname" in asked and "http://evil.example/x.png" in asked  # and refused


def test_the_report_stylesheets_render_without_a_weasyprint_warning(caplog):
    # A rule WeasyPrint can't read is dropped with a warning on every render; the PDF would
    # silently lose whatever that rule said.
    with caplog.at_level("WARNING", logger="weasyprint"):
        report = report_request(assessment=make_assessment("fine_tune"))
    report.refresh_from_db()
    assert report.status == Report.READY
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
