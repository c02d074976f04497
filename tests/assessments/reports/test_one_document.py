"""One report, three formats, the same words: the HTML, the PDF (its text, through pypdf) and the
Word file carry every text of the report's document, and none of their own (whitespace and
ligatures normalised; the PDF's "Page N of M" is pagination, not prose)."""

import io
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from assessments.engine import verdict_label
from assessments.models import Answer, AnswerRevision, Assessment, WorkshopAttendee
from assessments.reports.document import texts
from assessments.reports.sections import report_document
from assessments.reports.services import report_generate_now, report_revise
from assessments.services.respondents import (
    disagreement_resolve,
    respondent_add,
    respondent_answers_save,
    respondent_lead,
)
from assessments.tasks import report_generate_task
from discovery.models import ConsultantProfile, Engagement
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_records, analysed_sample
from tests.samples.files import distinct_questions, openai_chat

pytestmark = pytest.mark.django_db


def normalised(text: str) -> str:
    """Whitespace collapsed, ligatures undone, and case folded (the cover's kicker is set in
    capitals by the print stylesheet), and a line broken after a hyphen joined again (a PDF wraps
    "gpt-4.1-mini" in a narrow cell; its text then reads "gpt-4.1- mini")."""
    collapsed = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return re.sub(r"(?<=\w-) (?=\w)", "", collapsed)


class _BodyText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.in_body = [], False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data):
        if self.in_body:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _BodyText()
    parser.feed(html)
    return normalised(" ".join(parser.parts))


def pdf_text(report, running_header: str) -> str:
    """The PDF's text without its page furniture (the running header and "Page N of M", which
    pypdf reads between two pages, even inside a paragraph that runs on)."""
    report.pdf.open("rb")
    try:
        pages = PdfReader(io.BytesIO(report.pdf.read())).pages
        text = normalised(" ".join(page.extract_text() for page in pages)) + " "
    finally:
        report.pdf.close()
    # pypdf puts list markers it read out of order just before the furniture.
    furniture = r"(?:• )*" + re.escape(normalised(running_header)) + r" page \d+ of \d+ "
    assert len(re.findall(furniture, text)) == len(pages) - 1  # on every page but the cover
    return re.sub(furniture, "", text)


def renderings(report, document) -> list[tuple[str, str]]:
    return [
        ("HTML", html_text(report.html)),
        ("PDF", f"{normalised(document.running_header)} {pdf_text(report, document.running_header)}"),
        ("Word", docx_text(report)),
    ]


def docx_text(report) -> str:
    report.docx.open("rb")
    try:
        document = Document(io.BytesIO(report.docx.read()))
    finally:
        report.docx.close()
    parts = []
    for part in (document.sections[0].header._element, document.element.body):
        for paragraph in part.iter(qn("w:p")):
            parts.append(" ".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return normalised(" ".join(parts))


@pytest.fixture
def report(alice):
    """A report with every chapter: measured uploads, an override, a narrative, a changed answer,
    disagreements (the workshop's and the respondents'), attendees, a proposed team, and a
    previous assessment to compare with."""
    assessment = make_assessment("fine_tune", lead=alice, curated_examples="over_1000", submitted=False)
    _respondents_disagree_and_are_settled(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.SUBMITTED, previous=make_assessment("not_yet", organisation="Acme Widgets, last year")
    )
    Engagement.objects.filter(pk=assessment.engagement_id).update(status=Engagement.IN_REVIEW)
    assessment.refresh_from_db()
    analysed_sample(assessment, unique=412, duplicates=38, pii=3)
    analysed_eval_set(assessment, with_expected=20, without=2, leaked=3)
    answer = Answer.objects.get(assessment=assessment, question_slug="request_volume")
    AnswerRevision.objects.create(answer=answer, revision=1, new_value="high", changed_by_label="Nora Client")
    AnswerRevision.objects.create(answer=answer, revision=2, old_value="high", new_value="medium", changed_by=alice)
    Answer.objects.filter(pk=answer.pk).update(value="medium", revision=2, updated_by=alice)
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(
        stakeholders_disagree=True, disagreement_detail="The CTO counts 500 examples; the product lead 80."
    )
    WorkshopAttendee.objects.create(assessment=assessment, name="Priya Shah", role="CTO")
    first = report_generate_now(assessment=assessment)
    profile = ConsultantProfile.objects.create(user=alice, title="Principal architect", skills=["rag", "evaluation"])
    revised = report_revise(
        report=first,
        user=alice,
        narrative="We met your team twice.\n\nThe data is better than the form suggests.",
        override_verdict="fine_tune",
        override_justification="Measured data is close enough to start.",
        engineers=[profile],
        include_disagreements=True,
    )
    report_generate_task.apply(args=[revised.pk])
    revised.refresh_from_db()
    assert revised.status == "ready", revised.error
    return revised


def _respondents_disagree_and_are_settled(assessment):
    pat = respondent_lead(assessment=assessment, name="Pat Product", role="product owner")
    dana = respondent_add(
        assessment=assessment,
        name="Dana Data",
        email="dana@client.example",
        role="data lead",
        sections=["data"],
        invited_by_label="Pat Product",
    )
    respondent_answers_save(respondent=pat, values={"examples_reviewed": True}, label="Pat Product")
    respondent_answers_save(respondent=dana, values={"examples_reviewed": False}, label="Dana Data")
    disagreement_resolve(
        assessment=assessment,
        slug="examples_reviewed",
        value=True,
        note="Dana checked the new batch since.",
        label="Pat Product",
    )


def test_html_pdf_and_word_carry_every_text_of_the_one_document(report):
    document = report_document(report)
    chapters = [s.anchor for s in document.sections]
    assert {"measured", "scope", "since-last", "disagreements", "team", "attendees", "appendix"} <= set(chapters)
    # Both kinds of disagreement, and the comparison with the previous assessment, are in it.
    wanted_texts = list(texts(document))
    assert any("Dana Data" in t and "Pat Product" in t for t in wanted_texts)  # who said what
    assert any(t.startswith("Yes: Dana checked the new batch since.") for t in wanted_texts)
    # The appendix's provenance: each respondent's own answer with its date, and the settlement.
    assert "Your colleagues answered differently" in wanted_texts
    assert any(
        t.startswith("by Pat Product on ") and t.endswith("Dana checked the new batch since.") for t in wanted_texts
    )
    assert "The CTO counts 500 examples; the product lead 80." in wanted_texts
    assert any(t.startswith("On ") and f"the verdict was “{verdict_label('not_yet')}”" in t for t in wanted_texts)
    wanted = [normalised(t) for t in texts(document)]
    assert len(wanted) > 150
    for name, rendered in renderings(report, document):
        missing = [t for t in wanted if t not in rendered]
        assert missing == [], (name, missing)


def test_no_format_says_anything_the_document_does_not(report):
    document = report_document(report)
    wanted = sorted({normalised(t) for t in texts(document)}, key=len, reverse=True)
    for name, rest in renderings(report, document):
        for text in wanted:
            rest = rest.replace(text, " ")
        # Left over: numbering (contents, lists, the PDF's contents page numbers) and separators.
        assert re.findall(r"[^\W\d_]{2,}", rest) == [], (name, rest)


def test_the_summary_leads_with_the_recommendation_in_the_clients_words_in_every_format(report):
    summary = next(s for s in report_document(report).sections if s.anchor == "summary")
    first = summary.blocks[0].rows[0]
    assert (first[0].text, first[1].text) == ("Our recommendation", "Fine-tune now")  # the architect's
    assert summary.blocks[0].rows[1][0].text == "What your answers alone point to"
    for name, rendered in renderings(report, report_document(report)):
        summary_text = rendered.split("executive summary")[-1]
        assert summary_text.lstrip().startswith("our recommendation fine-tune now"), name
        assert "computed verdict" not in rendered, name


def test_lines_with_two_problems_are_counted_once_in_every_format(alice):
    # Ten bad lines, two of which show two problems each: twelve problems, ten lines.
    records = [openai_chat(q, f"Reply {i}") for i, q in enumerate(distinct_questions(120))]
    records += [{"messages": [{"role": "user", "content": "No answer"}], "mood": "x"}] * 2
    records += ["{not json"] * 8
    assessment = make_assessment("fine_tune", lead=alice)
    analysed_records(assessment, "training", records, "claims.jsonl")
    report = report_generate_now(assessment=assessment)
    document = report_document(report)
    for name, rendered in renderings(report, document):
        assert "fix or remove the 10 lines that can't be used" in rendered, name
        assert "12 lines" not in rendered, name
        # Each kind still lists its own lines: the two lines are under both.
        assert "2 examples have no model answer to learn from" in rendered, name
        assert "2 examples have extra fields the training services reject" in rendered, name
