"""The report's "Measured readiness" section and the measured facts behind its verdict: the
latest analysed uploads feed the evaluation, whose snapshot keeps the facts it used."""

import io
import zipfile

import pytest

from assessments.reports.document import _block_texts, texts
from assessments.reports.docx import report_docx
from assessments.reports.measured import measured_readiness
from assessments.reports.sections import report_document
from assessments.reports.services import report_generate_now
from assessments.services.evaluation import assessment_evaluate
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample

pytestmark = pytest.mark.django_db


def test_the_evaluation_uses_the_latest_analysed_facts_and_keeps_them():
    assessment = make_assessment("fine_tune", curated_examples="over_1000")
    analysed_sample(assessment, unique=60, duplicates=0)
    evaluation = assessment_evaluate(assessment=assessment)
    assert evaluation.result["facts"]["sample.unique_examples"] == 60
    assert evaluation.verdict == "not_yet"  # measured: fewer than 100 unique examples
    assert "insufficient_curated_data" in evaluation.result["matched"]
    assert "fewer_examples_than_stated" in evaluation.result["matched"]


def test_without_uploads_the_verdict_is_v1s():
    evaluation = assessment_evaluate(assessment=make_assessment("fine_tune"))
    assert evaluation.verdict == "fine_tune" and "facts" not in evaluation.result


def test_the_report_has_a_measured_readiness_section_with_counts_histogram_and_next_steps():
    assessment = make_assessment("fine_tune", curated_examples="over_1000")
    analysed_sample(assessment, unique=412, duplicates=38, pii=3)
    analysed_eval_set(assessment, with_expected=20, without=2)
    report = report_generate_now(assessment=assessment)
    html = report.html
    assert 'id="measured"' in html and "Measured readiness" in html
    assert "Stated: “Over 1,000 curated examples”. Measured: 412 unique valid examples" in html
    assert "Tokens per example" in html and 'class="bar bar-' in html
    assert "38 examples repeat an earlier example word for word (first at lines" in html
    assert "3 lines contain personal data: email addresses (first at lines 1, 2, 3)." in html
    assert "Provider fit" in html and "Amazon Bedrock" in html
    assert "Remove the 38 duplicate examples" in html
    assert "Cases with an expected answer" in html
    assert '<th scope="row">Cases that repeat a training example</th><td class="num">0</td>' in html


def test_an_eval_set_with_no_training_sample_says_in_html_and_word_that_it_was_not_checked():
    assessment = make_assessment("fine_tune")
    analysed_eval_set(assessment, with_expected=20)
    report = report_generate_now(assessment=assessment)
    assert "not yet checked: no training sample analysed" in report.html
    document = zipfile.ZipFile(io.BytesIO(report_docx(report))).read("word/document.xml").decode()
    assert "Cases that repeat a training example" in document and "not yet checked" in document


def test_a_criterion_that_read_measurements_shows_each_fact_in_words_not_the_raw_map():
    assessment = make_assessment("fine_tune", curated_examples="over_1000")
    analysed_sample(assessment, unique=412, duplicates=38, pii=3)
    report = report_generate_now(assessment=assessment)
    criteria = next(s for s in report_document(report).sections if s.anchor == "criteria")
    tables = [t for group in criteria.blocks if group.block == "group" for t in group.blocks if t.block == "table"]
    evidence = [(row[0].text, row[1].text) for table in tables for row in table.rows]
    assert ("Measured: unique valid examples (no exact or near duplicates)", "412") in evidence
    assert not any(prompt in ("sample", "evals") or "{" in answer for prompt, answer in evidence)
    assert "{&#x27;valid_examples&#x27;" not in report.html and "{'valid_examples'" not in report.html


def test_a_report_without_uploads_has_no_measured_section():
    report = report_generate_now(assessment=make_assessment("fine_tune"))
    assert 'id="measured"' not in report.html


def test_the_word_export_carries_the_measured_section():
    assessment = make_assessment("fine_tune", curated_examples="over_1000")
    analysed_sample(assessment, unique=412, duplicates=38)
    report = report_generate_now(assessment=assessment)
    document = zipfile.ZipFile(io.BytesIO(report_docx(report))).read("word/document.xml").decode()
    assert "Measured readiness" in document and "412 unique valid examples" in document
    assert measured_readiness(report)["training"]["findings"]["unique_examples"] == 412


def test_each_finding_reads_the_same_sentence_in_html_and_word():
    assessment = make_assessment("fine_tune", curated_examples="over_1000")
    analysed_sample(assessment, unique=412, duplicates=38, pii=3)
    report = report_generate_now(assessment=assessment)
    document = zipfile.ZipFile(io.BytesIO(report_docx(report))).read("word/document.xml").decode()
    for sentence in (
        "38 examples repeat an earlier example word for word (first at lines",
        "3 lines contain personal data: email addresses (first at lines 1, 2, 3).",
    ):
        assert sentence in report.html and sentence in document


def test_the_provider_fit_table_says_each_conversion_once_and_leaves_availability_to_the_paths_chapter():
    assessment = make_assessment("fine_tune")
    analysed_sample(assessment, unique=412, duplicates=0)  # OpenAI chat: other providers convert it
    report = report_generate_now(assessment=assessment)
    document = report_document(report)
    chapters = {s.anchor: s for s in document.sections}
    measured = chapters["measured"]
    table = next(b for b in measured.blocks if b.block == "table" and b.caption == "Provider fit")
    assert len(table.rows) == len(report.profiles_used)  # one row per path
    examples = [row[1].text for row in table.rows]
    assert not any("aren't a format" in text or "convert the file" in text for text in examples)
    assert "once converted, meets the recommended 100 examples" in examples
    assert "needs preference pairs" in examples
    words = [t for block in measured.blocks for t in _block_texts(block)]
    # Each conversion once, naming every path it is for, however many paths share it.
    gemini = [t for t in words if "Vertex AI's Gemini contents format" in t]
    assert gemini == [
        "Google Gemini 2.5 Flash, supervised; Google Gemini 3.1 Flash Lite, supervised (preview): "
        "Vertex AI's Gemini contents format (alternating user and model turns)."
    ]
    assert (
        "Your file is OpenAI chat messages, which not every path trains on as it is. Convert the file to the "
        "format each path trains on:"
    ) in words
    pairs = [t for t in words if "two answers to each prompt" in t]
    assert len(pairs) == 1 and pairs[0].startswith("OpenAI gpt-4.1-mini, preference; Google Gemini 2.5 Flash, pref")
    # Where each provider stands is the training paths chapter's, said once per provider.
    assert not any(b.block == "paragraph" and b.style == "provider-availability" for b in measured.blocks)
    openai = next(p["availability"] for p in report.profiles_used if p["slug"] == "openai-gpt-4-1-sft")
    everything = list(texts(document))
    assert everything.count(openai) == 1
    paths = [t for block in chapters["training-paths"].blocks for t in _block_texts(block)]
    assert "Where each provider stands" in paths and openai in paths and "OpenAI." in paths
