"""The demo's Meridian Retail: its recorded baseline run (labelled recorded demo data) comes before
its report in the demo's story, so the report is evaluated with the run and carries the Measured
baseline chapter in HTML, PDF and Word; its answers to questionnaire v2 pre-fill a new run."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from assessments.models import Assessment, BaselineRun, Report
from assessments.selectors import baseline_stated_inputs
from demo import baseline, engagements, people, reports
from demo.steps import STEPS

pytestmark = pytest.mark.django_db


def _build_through_reports():
    """The demo's own steps, in their order, up to the reports."""
    out = io.StringIO()
    for step in STEPS[: STEPS.index(reports.build) + 1]:
        step(out)


def _pdf_text(report) -> str:
    with report.pdf.open("rb") as pdf:
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages).split())


def _docx_text(report) -> str:
    with report.docx.open("rb") as docx:
        return " ".join(p.text for p in Document(io.BytesIO(docx.read())).paragraphs)


def test_meridians_report_is_made_from_its_recorded_run_and_shows_the_measured_baseline_everywhere():
    _build_through_reports()
    run = BaselineRun.objects.get(assessment__engagement__organisation__name=baseline.ORGANISATION)
    report = Report.objects.filter(assessment=run.assessment, status=Report.READY).latest("number")
    assert run.recorded_demo and report.evaluation.baseline_run == run
    # In the demo's timeline the run finished after the submission and before the report.
    assert run.assessment.submitted_at < run.consent_at < run.finished_at < report.created_at
    assert report.evaluation.result["facts"]["baseline.best_variant_pass_rate"] == 0.925
    # Its verdict stays the one its answers give; the measurement adds the prompt-lift advisory.
    assert report.evaluation.verdict == "fine_tune" and "prompt_left_on_table" in report.evaluation.result["matched"]
    for rendering, text in (("HTML", report.html), ("PDF", _pdf_text(report)), ("Word", _docx_text(report))):
        assert "Measured baseline" in text and "(Recorded demo data.)" in text, rendering
        assert "Your quality target: 85 % of cases." in text, rendering


def test_meridians_answers_would_fill_a_new_run_with_its_target_and_prompt():
    for step in (people.build, engagements.build):
        step(io.StringIO())
    assessment = Assessment.objects.get(engagement__organisation__name=baseline.ORGANISATION)
    assert assessment.questionnaire.version == 2
    assert baseline_stated_inputs(assessment) == {"target": 85, "client_prompt": baseline.PROMPT}
