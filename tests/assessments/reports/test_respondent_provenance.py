"""The report's provenance for several respondents: in the answers appendix, each respondent's own
answer with when they gave it and how a difference was settled (by whom, with the note); in
"Points of disagreement", who said what and when. Built in the one document, so the HTML (checked
here, escaped) and the PDF and Word file (tests/assessments/reports/test_one_document.py) say it."""

import pytest

from assessments.models import Report
from assessments.reports.html import report_html
from assessments.reports.sections import report_document
from assessments.services.evaluation import assessment_evaluate
from assessments.services.respondents import (
    disagreement_resolve,
    respondent_add,
    respondent_answers_save,
    respondent_lead,
    respondent_remove,
)
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db


def _report_with_three_voices():
    """Pat (lead) and Dana disagree on whether examples were reviewed (settled by Pat) and agree
    on how quality is measured; Sam <the intern> answered too, then was removed."""
    assessment = make_assessment("fine_tune", submitted=False)
    pat = respondent_lead(assessment=assessment, name="Pat Product", role="product owner")
    dana = respondent_add(
        assessment=assessment,
        name="Dana Data",
        email="dana@client.example",
        role="data lead",
        sections=["data", "evaluation"],
        invited_by_label="Pat Product",
    )
    sam = respondent_add(
        assessment=assessment, name="Sam <b>Intern</b>", email="sam@client.example", invited_by_label="Pat Product"
    )
    respondent_answers_save(respondent=pat, values={"examples_reviewed": True}, label="Pat")
    respondent_answers_save(respondent=dana, values={"examples_reviewed": False}, label="Dana")
    respondent_answers_save(respondent=sam, values={"examples_reviewed": False}, label="Sam")
    respondent_remove(respondent=sam, label="Pat Product")
    method = assessment.answers.get(question_slug="evaluation_method").value
    respondent_answers_save(respondent=dana, values={"evaluation_method": method}, label="Dana")
    disagreement_resolve(
        assessment=assessment,
        slug="examples_reviewed",
        value=True,
        note="Dana checked the new batch <since>.",
        label="Pat Product",
    )
    evaluation = assessment_evaluate(assessment=assessment)
    return Report.objects.create(assessment=assessment, number=1, status=Report.READY, evaluation=evaluation)


def _appendix_cell(document, prompt_start: str):
    appendix = next(s for s in document.sections if s.anchor == "appendix")
    for block in appendix.blocks:
        for row in getattr(block, "rows", ()):
            if row[0].text.startswith(prompt_start):
                return row[1]
    raise AssertionError(f"no appendix row for {prompt_start!r}")


def _prompt(report, slug):
    from assessments.selectors import content_definition

    return content_definition(report.assessment.questionnaire).by_slug[slug].prompt


def test_the_appendix_shows_who_said_what_when_and_how_the_difference_was_settled():
    report = _report_with_three_voices()
    cell = _appendix_cell(report_document(report), _prompt(report, "examples_reviewed"))
    said, settled = cell.notes
    assert said.lead == "Your colleagues answered differently"
    lines = said.text.split("\n")
    assert [line.split(" (")[0] for line in lines] == ["Pat Product", "Dana Data"]
    assert lines[0].startswith("Pat Product (product owner): Yes (") and lines[1].startswith(
        "Dana Data (data lead): No ("
    )
    assert settled.lead == "Settled"
    assert settled.text.startswith("by Pat Product on ") and settled.text.endswith(
        ": Dana checked the new batch <since>."
    )
    # The removed colleague's answer no longer counts, so the client's report leaves it out.
    assert "Sam" not in said.text


def test_where_the_respondents_agree_the_appendix_names_each_of_them_and_no_settlement():
    report = _report_with_three_voices()
    cell = _appendix_cell(report_document(report), _prompt(report, "evaluation_method"))
    [said] = cell.notes
    assert said.lead == "Each of you answered"
    assert len(said.text.split("\n")) == 2


def test_a_question_one_person_answered_carries_no_provenance_note():
    report = _report_with_three_voices()
    cell = _appendix_cell(report_document(report), _prompt(report, "goals"))
    assert cell.notes == ()


def test_points_of_disagreement_give_when_each_person_said_it():
    report = _report_with_three_voices()
    chapter = next(s for s in report_document(report).sections if s.anchor == "disagreements")
    [row] = chapter.blocks[1].rows
    who = row[1].text.split("\n")
    assert who[0].startswith("Pat Product (product owner): Yes (") and who[0].endswith(")")
    assert who[1].startswith("Dana Data (data lead): No (")


def test_the_html_escapes_what_respondents_and_settlements_say():
    report = _report_with_three_voices()
    html = report_html(report)
    assert "new batch &lt;since&gt;." in html and "<since>" not in html
    assert 'class="respondents"' in html and 'class="settled"' in html
