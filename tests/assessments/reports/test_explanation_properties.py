"""Property: over many answer sets, the rendered summary agrees with the matched criteria.

It names the deciding rule and every matched prerequisite and advisory, and claims nothing a
matched criterion denies. Further down, the same over measured facts, partial answers, the path
to yes, the measured counts and the training paths, in HTML, the PDF's text and Word.
"""

import html as html_module
import io
import re
from datetime import date, timedelta
from types import SimpleNamespace

import docx
import pypdf
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import engine
from assessments.engine import evaluate, explain
from assessments.engine.content import MEASURED_CRITERIA_SET
from assessments.reports.document import BulletList, Cell, Cover, ReportDocument, Section, Table
from assessments.reports.docx import document_docx
from assessments.reports.html import document_html
from assessments.reports.measured import _part
from assessments.reports.paths import paths_content, say_date
from assessments.reports.pdf import html_to_pdf
from assessments.reports.sections import _measured_part, counterfactuals, explanation_group, paths_blocks
from assessments.samples import default_profiles
from assessments.samples import summary as sample_summary
from assessments.samples.costs import Usage
from assessments.services.evaluation import path_in_words
from tests.engine.answer_strategies import CRITERIA_SET, QUESTIONNAIRE, valid_answers

# Phrases that assert what a criterion, when it matched, says is not so.
DENIED_BY = {
    "insufficient_curated_data": ["data, measurement", "enough examples"],
    "no_quality_measurement": ["measurement and rights are in place", "quality is measured"],
    "weak_evaluation": ["measurement and rights are in place", "quality is measured"],
    "no_baseline": ["are in place", "has been measured"],
    "no_training_rights": ["rights are in place", "you may train"],
    "prompting_not_tried": ["better instructions have been tried"],
    "no_migration_owner": ["someone owns", "has an owner"],
    "unreviewed_examples": ["examples are reviewed", "examples have been reviewed"],
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def rendered_summary(answers: dict) -> tuple[str, object]:
    evaluation = evaluate(QUESTIONNAIRE, CRITERIA_SET, answers)
    explanation = explain(CRITERIA_SET, rule=evaluation.decided_by[0], matched=evaluation.matched)
    html = render_to_string("reports/_blocks.html", {"blocks": [explanation_group(explanation.sentences)]})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")
    return text, evaluation


@given(valid_answers())
@settings(max_examples=300, deadline=None)
def test_the_summary_names_the_deciding_rule_and_every_qualifier_and_contradicts_no_match(answers):
    text, evaluation = rendered_summary(answers)
    rule = {r.slug: r for r in CRITERIA_SET.policy}[evaluation.decided_by[0]]
    assert rule.explanation in text
    for slug in evaluation.matched:
        criterion = CRITERIA_SET.by_slug[slug]
        if criterion.kind in ("prerequisite", "advisory"):
            assert _lower_first(criterion.title) in text, slug
        for phrase in DENIED_BY.get(slug, []):
            assert phrase not in text.lower(), (slug, phrase)


# ---------------------------------------------------------------------------------------------
# The same claim over the report's other words that follow from the facts, in the three formats a
# client reads (HTML, the PDF's text, Word), over generated answers and measured facts: a decided
# verdict over partial answers cites no criterion still unknown; each path-to-yes step sits under
# the heading of its direction; "lines that can't be used" counts each line once; the training
# paths named as recommended are open on the day, with their closing warnings.
#
# An undecided result has no report (reports are made from submitted, complete answers): its
# words, "Not decided yet" and what it depends on, are checked over partial answers on the
# workshop panel (tests/discovery/test_workshop_verdict_properties.py). Here a partial result is
# rendered only when decided, as the client's and workshop's pages do.
# ---------------------------------------------------------------------------------------------


MEASURED = engine.load_criteria_set(MEASURED_CRITERIA_SET)
PROFILES = default_profiles()
FT_HEADING = "What would make it “Fine-tune now”"
TOWARD_HEADING = "What else would move it toward fine-tuning"
AWAY_HEADING = "What would rule fine-tuning out"
# Cheap to draw, slow to render: the PDF is written for a few drawn reports, HTML and Word for more.
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WITH_PDF = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FACT_SETS = st.fixed_dictionaries(
    {
        "sample.valid_examples": st.integers(0, 400),
        "sample.unique_examples": st.integers(0, 400),
        "evals.cases_with_expected": st.integers(0, 60),
        "evals.contaminated": st.integers(0, 12),
        "sample.pii_lines": st.integers(0, 5),
        "sample.over_limit_share": st.sampled_from([0.0, 0.05, 0.5]),
    }
)


def _flat(text: str) -> str:
    """Text with every space and line break taken out: the PDF breaks lines (and words at their
    own hyphens) where it likes, so phrases are compared without them in every format."""
    return re.sub(r"\s+", "", text)


def _document(*sections: Section) -> ReportDocument:
    cover = Cover(
        "", "Property", "", "fine_tune", "Fine-tune now", None, Table(rows=((Cell("Client"), Cell("Property")),))
    )
    return ReportDocument(
        title="Property", running_header="Property", cover=cover, contents_title="Contents", sections=sections
    )


def formats(document: ReportDocument, *, pdf: bool) -> dict[str, str]:
    """The document as a reader gets it in each format, flattened (see _flat)."""
    page = document_html(document)
    body = html_module.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    word = docx.Document(io.BytesIO(document_docx(document)))
    word_text = "\n".join(
        [p.text for p in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )
    out = {"html": _flat(body), "word": _flat(word_text)}
    if pdf:
        reader = pypdf.PdfReader(io.BytesIO(html_to_pdf(page)))
        out["pdf"] = _flat("\n".join(p.extract_text() for p in reader.pages))
    return out


def summary_and_path(answers: dict, facts: dict, contaminated_lines: list[int]) -> tuple[Section, Section, object]:
    result = engine.evaluate(QUESTIONNAIRE, MEASURED, answers, facts)
    explanation = explain(MEASURED, rule=result.decided_by[0], matched=result.matched)
    findings = {
        "training": {},
        "evals": {"contaminated": {"count": facts["evals.contaminated"], "lines": contaminated_lines}},
    }
    path = path_in_words(QUESTIONNAIRE, MEASURED, answers, facts, findings)
    summary = Section("summary", "Executive summary", (explanation_group(explanation.sentences),))
    return summary, counterfactuals(SimpleNamespace(result={"path": path})), (result, path)


def assert_summary_says_what_matched(text: str, result) -> None:
    rule = {r.slug: r for r in MEASURED.policy}[result.decided_by[0]]
    assert _flat(rule.explanation) in text
    for slug in result.matched:
        criterion = MEASURED.by_slug[slug]
        if criterion.kind in ("prerequisite", "advisory"):
            assert _flat(_lower_first(criterion.title)) in text, slug
        for phrase in DENIED_BY.get(slug, []):
            assert _flat(phrase) not in text.lower(), (slug, phrase)


def assert_path_under_its_direction(text: str, path: list[dict]) -> None:
    headings = {FT_HEADING: None, TOWARD_HEADING: None, AWAY_HEADING: None}
    for heading in headings:
        headings[heading] = text.find(_flat(heading))
    for step in path:
        where = text.find(_flat(step["sentence"]))
        assert where >= 0 and text.count(_flat(step["sentence"])) == 1, step["sentence"]  # said once
        if step["new_verdict"] == "fine_tune":
            heading, later = FT_HEADING, (TOWARD_HEADING, AWAY_HEADING)
        elif step["direction"] == "toward":
            heading, later = TOWARD_HEADING, (AWAY_HEADING,)
        else:
            heading, later = AWAY_HEADING, ()
        assert 0 <= headings[heading] < where, (heading, step["sentence"])
        for after in later:  # no step sits under a later direction's heading
            assert headings[after] == -1 or where < headings[after], (after, step["sentence"])


@st.composite
def contaminated_lines(draw):
    return sorted(draw(st.sets(st.integers(1, 80), max_size=5)))


@given(valid_answers(), FACT_SETS, contaminated_lines())
@FAST
def test_the_summary_and_the_path_to_yes_say_what_matched_and_each_step_under_its_direction(answers, facts, lines):
    answers = engine.validate_answers(QUESTIONNAIRE, answers).answers
    summary, path_section, (result, path) = summary_and_path(answers, facts, lines)
    for name, text in formats(_document(summary, path_section), pdf=False).items():
        assert_summary_says_what_matched(text, result), name
        assert_path_under_its_direction(text, path)


@given(valid_answers(), FACT_SETS, contaminated_lines())
@WITH_PDF
def test_the_pdf_says_the_same_summary_and_path_to_yes(answers, facts, lines):
    answers = engine.validate_answers(QUESTIONNAIRE, answers).answers
    summary, path_section, (result, path) = summary_and_path(answers, facts, lines)
    text = formats(_document(summary, path_section), pdf=True)["pdf"]
    assert_summary_says_what_matched(text, result)
    assert_path_under_its_direction(text, path)


SLUGS = [q.slug for q in QUESTIONNAIRE.questions]


@given(valid_answers(), st.sets(st.sampled_from(SLUGS), min_size=1), FACT_SETS)
@FAST
def test_a_decided_verdict_over_open_answers_cites_no_criterion_still_unknown(answers, dropped, facts):
    given_answers = {k: v for k, v in answers.items() if k not in dropped}
    partial = engine.evaluate_partial(QUESTIONNAIRE, MEASURED, given_answers, facts)
    if not partial.decided or not partial.evaluation.decided_by[0]:
        return  # undecided: no report and no explanation (see the note above)
    result = partial.evaluation
    explanation = explain(MEASURED, rule=result.decided_by[0], matched=result.matched)
    section = Section("summary", "Executive summary", (explanation_group(explanation.sentences),))
    titles = {c.slug: c.title for c in MEASURED.criteria}
    for name, text in formats(_document(section), pdf=False).items():
        assert_summary_says_what_matched(text, result), name
        for slug in partial.unknown:
            assert _flat(titles[slug]) not in text and _flat(_lower_first(titles[slug])) not in text, (name, slug)


ERROR_KINDS = ("parse_error", "extra_keys", "unknown_role", "empty_completion")


@st.composite
def training_findings(draw):
    """A training sample's findings whose problems may share lines (a line with two problems)."""
    total = draw(st.integers(20, 120))
    errors = {}
    for kind in draw(st.sets(st.sampled_from(ERROR_KINDS), min_size=0, max_size=3)):
        lines = sorted(draw(st.sets(st.integers(1, total), min_size=1, max_size=8)))
        errors[kind] = {"count": len(lines), "lines": lines[:5], "all": lines}
    bad = sorted({line for finding in errors.values() for line in finding.pop("all")})
    valid = total - len(bad)
    unique = draw(st.integers(0, valid))
    over = {p.slug: draw(st.sampled_from([0, 0, 2])) for p in PROFILES}
    return {
        "format": draw(st.sampled_from(["openai_chat", "bedrock_claude", "prompt_completion"])),
        "lines": total,
        "valid_examples": valid,
        "unique_examples": unique,
        "exact_duplicates": {"count": valid - unique, "lines": []},
        "near_duplicates": {"count": 0, "lines": []},
        "errors": errors,
        "unusable_lines": {"count": len(bad), "lines": bad[:5]},
        "tokens": {
            "p10": 10,
            "p50": 40,
            "p90": 90,
            "max": 300,
            "total": unique * 60,
            "histogram": [{"up_to": 64, "count": valid}],
        },
        "pii_lines": {"count": 0, "lines": []},
        "over_limit": over,
        "over_limit_lines": {slug: [1, 2] for slug, n in over.items() if n},
        "longest_tokens": 300,
    }


DAYS = st.dates(min_value=date(2026, 6, 1), max_value=date(2027, 6, 30))


def measured_and_paths(findings: dict, day: date) -> tuple[Section, Section, dict]:
    upload = SimpleNamespace(findings=findings, original_name="sample.jsonl", kind="training")
    part = _part(upload, PROFILES)
    steps = sample_summary.next_steps(findings, None, PROFILES)
    blocks = [*_measured_part(part, "Training sample", "2026-12-04")]
    measured = Section(
        "measured", "Measured readiness", (*blocks, BulletList(tuple(steps))) if steps else tuple(blocks)
    )
    content = paths_content(PROFILES, findings, None, day, Usage(None, None, None, 0))
    return measured, Section("training-paths", "Training paths and cost", paths_blocks(content)), content


def assert_lines_counted_once(text: str, findings: dict) -> None:
    bad = findings["unusable_lines"]["count"]
    listed = sum(f["count"] for f in findings["errors"].values())
    if len(findings["errors"]) > 1:  # the total is said only where problems of several kinds add up
        assert _flat(f"{bad:,} line{'s' if bad != 1 else ''} can't be used") in text
    if bad:
        assert _flat(f"Fix or remove the {bad:,} lines that can't be used") in text
    if listed != bad:  # two problems on one line never count it twice
        assert _flat(f"{listed:,} lines can't be used") not in text
        assert _flat(f"Fix or remove the {listed:,} lines") not in text


def assert_paths_open_on_the_day(text: str, content: dict, day: date) -> None:
    profiles = {p.slug: p for p in PROFILES}
    for row in content["recommended"]:
        p = profiles[row["slug"]]
        assert _flat(row["name"]) in text
        assert p.status != "closed"
        for end in (p.closes_on, p.retires_on):
            assert not end or date.fromisoformat(end) > day, (row["slug"], end)
        if p.closes_on and date.fromisoformat(p.closes_on) - day <= timedelta(days=183):
            assert _flat(f"New training jobs stop on {say_date(date.fromisoformat(p.closes_on))}") in text
    self_serve = [row for row in content["recommended"] if row["self_serve"]]
    says_none = _flat("None is self-serve") in text
    assert says_none == bool(content["recommended"] and not self_serve)


@given(training_findings(), DAYS)
@FAST
def test_lines_that_cant_be_used_count_once_and_the_recommended_paths_are_open_on_the_day(findings, day):
    measured, paths, content = measured_and_paths(findings, day)
    for text in formats(_document(measured, paths), pdf=False).values():
        assert_lines_counted_once(text, findings)
        assert_paths_open_on_the_day(text, content, day)


@given(training_findings(), DAYS)
@WITH_PDF
def test_the_pdf_counts_the_same_lines_and_names_the_same_paths(findings, day):
    measured, paths, content = measured_and_paths(findings, day)
    text = formats(_document(measured, paths), pdf=True)["pdf"]
    assert_lines_counted_once(text, findings)
    assert_paths_open_on_the_day(text, content, day)
