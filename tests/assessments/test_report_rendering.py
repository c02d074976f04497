import io

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from assessments.models import Report
from assessments.reports.pdf import BASE_URL, static_only_fetch
from assessments.services.reports import report_request
from tests.assessments.report_factories import make_assessment

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
