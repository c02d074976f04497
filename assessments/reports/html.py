"""The report's HTML: one context built from a stored Evaluation snapshot, one print template."""

import re

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from assessments.engine import answer_text, approach_label, explain, kind_finding, verdict_label
from assessments.engine.facts import FACTS
from assessments.reports.charts import scorecard_rows
from assessments.reports.measured import measured_readiness
from assessments.reports.paths import training_paths_section
from assessments.reports.scope import programme_scope
from assessments.reports.selectors import report_answers
from assessments.selectors import content_definition


def counterfactual_in_words(cf: dict) -> dict:
    """The engine's sentence, with the verdict in words ("… becomes Do not fine-tune")."""
    slug = cf["new_verdict"]
    sentence = cf["sentence"]
    if sentence.endswith(f"becomes {slug}"):
        sentence = sentence[: -len(slug)] + f"“{verdict_label(slug)}”."
    return {**cf, "sentence": sentence, "label": verdict_label(slug)}


def _evidence(questions, slug: str, value) -> list[dict]:
    """What a matched criterion read, in words: a question's answer as its choice labels, and a
    measured namespace (`sample`, `evals`) one row per fact in it, never the raw map."""
    if slug in questions:
        return [{"prompt": questions[slug].prompt, "answer": answer_text(questions[slug], value)}]
    if isinstance(value, dict):
        rows = []
        for key, measured in value.items():
            fact = FACTS.get(f"{slug}.{key}")
            if fact is None:
                continue
            shown = f"{measured:.0%}" if fact.type is float else f"{measured:,}"
            rows.append({"prompt": f"Measured: {fact.label}", "answer": shown})
        return rows
    return [{"prompt": slug, "answer": str(value)}]


def report_context(report) -> dict:
    evaluation = report.evaluation
    result = evaluation.result
    questionnaire = content_definition(evaluation.questionnaire)
    criteria_set = content_definition(evaluation.criteria_set)
    criteria = criteria_set.by_slug
    questions = {q.slug: q for s in questionnaire.sections for q in s.questions}
    answers = evaluation.answers

    matched = []
    for row in result["criteria"]:
        if not row["matched"]:
            continue
        definition = criteria.get(row["slug"])
        matched.append(
            {
                "title": definition.title if definition else row["slug"],
                "kind": kind_finding(row["kind"]),
                "kind_slug": row["kind"],
                "rationale": definition.rationale if definition else "",
                "alternative": approach_label(definition.alternative) if definition else "",
                "evidence": [e for slug, value in row["evidence"].items() for e in _evidence(questions, slug, value)],
            }
        )
    appendix = report_answers(report)
    disagreements = [
        {"prompt": a["prompt"], "answer": a["answer"], "detail": a["provenance"].disagreement_detail}
        for section in appendix
        for a in section["answers"]
        if a["provenance"] and a["provenance"].stakeholders_disagree
    ]
    decided_by = result.get("decided_by", {})
    explanation = explain(criteria_set, rule=decided_by.get("rule", ""), matched=result["matched"])
    # When no reason for fine-tuning matched, say which ones were looked for (they are data).
    no_fit = not any(m["kind_slug"] == "fit" for m in matched)
    unmatched_fits = [
        criteria[row["slug"]].title
        for row in result["criteria"]
        if no_fit and row["kind"] == "fit" and row["slug"] in criteria
    ]
    rows = scorecard_rows(result["criteria"], titles={slug: c.title for slug, c in criteria.items()})
    engagement = report.assessment.engagement
    verdict = result["verdict"]
    measured = measured_readiness(report)
    return {
        "report": report,
        "engagement": engagement,
        "organisation": engagement.organisation.name,
        "use_case": answers.get("use_case_summary") or engagement.use_case_description,
        "verdict": verdict,
        "verdict_label": verdict_label(verdict),
        "override_label": verdict_label(report.override_verdict),
        "explanation": explanation.sentences,
        "approaches": [approach_label(a) for a in result["approaches"]],
        "scorecard": rows,
        "matched": matched,
        "unmatched_fits": unmatched_fits,
        "counterfactuals": [counterfactual_in_words(cf) for cf in result.get("counterfactuals", [])],
        "next_steps": result.get("next_steps", []),
        "scope": programme_scope(verdict=report.override_verdict or verdict, answers=answers),
        "team": list(report.proposed_engineers.select_related("user")),
        "appendix": appendix,
        "changed_answers": sum(1 for s in appendix for a in s["answers"] if a["client_answer"]),
        "disagreements": disagreements if report.include_disagreements else [],
        "attendees": list(report.assessment.attendees.all()),
        "questionnaire": result["questionnaire"],
        "criteria_set": result["criteria_set"],
        "measured": measured,
        "measured_parts": [(measured["training"], "Training sample"), (measured["evals"], "Eval set")]
        if measured
        else [],
        "paths": training_paths_section(report),
        "generated_at": report.created_at,  # "Prepared": when this version was made
    }


def report_html(report) -> str:
    return render_to_string("reports/report.html", report_context(report))


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def report_body(document: str) -> SafeString:
    """The inside of a stored report document's <body>, to show within another page.

    The document was written by `report_html` from escaped content, so it is safe as it stands;
    a stored fragment without a <body> is shown whole.
    """
    found = _BODY.search(document)
    return mark_safe(found.group(1) if found else document)  # noqa: S308 - our own rendered, escaped report
