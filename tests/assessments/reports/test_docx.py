"""The report as an editable Word document: made by the worker with the PDF, stored with the
version, the PDF's sections as real headings, its tables, the client's answers, and text that
XML can't hold stripped rather than failing the render."""

import io

import pytest
from docx import Document

from assessments.engine import KIND_HEADINGS
from assessments.models import Answer, WorkshopAttendee
from assessments.reports.docx import docx_text, report_docx
from assessments.reports.selectors import report_answers
from assessments.reports.services import report_generate_now
from assessments.tasks import report_generate_task
from discovery.models import ConsultantProfile
from tests.assessments.reports.factories import make_assessment, with_disagreements
from tests.assessments.sample_factories import analysed_sample

SECTIONS = [
    "Executive summary",
    "Scorecard",
    "Why: the criteria that applied",
    "What would change the answer",
    "Next steps: readiness plan",
    "Training paths and cost",
    "Fine-tuning programme scope",
    "Proposed team",
    "Appendix: every answer",
]


@pytest.fixture
def rendered(alice):
    """Version 1 of a fine-tune report for an engagement Alice leads, rendered as the worker does."""
    return report_generate_now(assessment=make_assessment("fine_tune", lead=alice))


def read_back(report):
    report.docx.open("rb")
    try:
        return Document(io.BytesIO(report.docx.read()))
    finally:
        report.docx.close()


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def all_table_text(document):
    return "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)


@pytest.mark.django_db
def test_rendering_a_version_stores_its_docx_beside_the_pdf(rendered):
    assert rendered.pdf and rendered.docx
    assert rendered.docx.name.endswith(f"-v{rendered.number}.docx")


@pytest.mark.django_db
def test_the_docx_has_the_pdf_sections_as_heading_1_and_criteria_as_heading_2(rendered):
    document = read_back(rendered)
    assert headings(document, 1) == SECTIONS
    assert headings(document, 2)  # criteria titles, the use case and the appendix's sections
    assert document.paragraphs[1].style.name == "Title"
    assert "Recommendation for Acme Widgets" in document.paragraphs[1].text
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body  # a real table-of-contents field that Word updates


@pytest.mark.django_db
def test_the_docx_holds_the_scorecard_the_evidence_the_team_and_every_answer(rendered, alice):
    profile = ConsultantProfile.objects.create(user=alice, title="Principal architect", skills=["rag"])
    rendered.proposed_engineers.set([profile])
    document = Document(io.BytesIO(report_docx(rendered)))
    text = all_table_text(document)
    assert "Your answer" in text
    assert "Alice" in text and "Principal architect" in text
    answered = [a for section in report_answers(rendered) for a in section["answers"]]
    assert len(answered) > 5
    for answer in answered:
        assert answer["prompt"] in text and answer["answer"] in text
    # The scorecard drawn as shaded cells: one row per kind, named with the criteria that matched
    # (or "None matched."), its count at the end.
    bars = [t for t in document.tables if len(t.columns) == 12]
    assert [r.cells[0].paragraphs[0].text for r in bars[0].rows] == list(KIND_HEADINGS.values())
    assert [r.cells[-1].text.split(" of ")[0].isdigit() for r in bars[0].rows] == [True] * 4
    assert all(len(r.cells[0].paragraphs) > 1 for r in bars[0].rows)
    assert 'w:fill="2e7d32"' in bars[0]._tbl.xml  # "reasons fine-tuning can help", in its green


@pytest.mark.django_db
def test_client_text_with_markup_and_control_characters_survives_as_plain_text(alice):
    assessment = make_assessment(
        "fine_tune", lead=alice, use_case_summary="<b>Replies</b> & =SUM(A1) \x0bwith a \x01control\x1f and “quotes”"
    )
    report = report_generate_now(assessment=assessment)
    assert report.status == "ready", report.error
    document = read_back(report)
    quoted = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quoted == ["<b>Replies</b> & =SUM(A1) with a control and “quotes”"]


def test_only_the_characters_xml_cannot_hold_are_stripped():
    assert docx_text("a\x00b\x08c\x0bd\x1fe\ufffe") == "abcde"
    assert docx_text("tab\tnew\nline\r\nwin") == "tab\tnew\nline\nwin"
    assert docx_text(None) == ""


@pytest.mark.django_db
def test_the_docx_has_the_disagreements_and_attendees_the_pdf_shows(alice):
    assessment = make_assessment("fine_tune", lead=alice)
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(
        stakeholders_disagree=True, disagreement_detail="The CTO counts 500 examples; the product lead 80."
    )
    WorkshopAttendee.objects.create(assessment=assessment, name="Priya Shah", role="CTO")
    first = report_generate_now(assessment=assessment)
    report = with_disagreements(first, alice)
    report_generate_task.apply(args=[report.pk])
    report.refresh_from_db()
    document = read_back(report)
    titles = headings(document, 1)
    assert titles.index("Points of disagreement") < titles.index("Proposed team")
    assert (
        titles.index("Proposed team")
        < titles.index("Who took part in the workshop")
        < titles.index("Appendix: every answer")
    )
    assert "The CTO counts 500 examples; the product lead 80." in all_table_text(document)
    assert "Priya Shah, CTO" in [p.text for p in document.paragraphs]
    # Without the architect's choice the section stays out, as in the PDF.
    assert "Points of disagreement" not in headings(read_back(first), 1)


@pytest.mark.django_db
def test_each_numbered_list_in_the_docx_counts_from_one(alice):
    assessment = make_assessment("not_yet", lead=alice)
    analysed_sample(assessment, unique=412, duplicates=38, pii=3)
    document = read_back(report_generate_now(assessment=assessment))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    lists = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(lists) >= 2  # the readiness plan and the measured chapter's next steps
    numbering = document.part.numbering_part.element
    for num_id in lists:
        start = numbering.num_having_numId(num_id).xpath("./w:lvlOverride/w:startOverride/@w:val")
        assert start == ["1"]
