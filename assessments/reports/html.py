"""The report's HTML: one context built from a stored Evaluation snapshot, one print template."""

from django.template.loader import render_to_string
from django.utils import timezone

from assessments.engine import answer_text, approach_label, kind_finding, verdict_label
from assessments.reports.charts import scorecard_rows, scorecard_svg
from assessments.reports.scope import programme_scope
from assessments.selectors import criteria_set_definition, questionnaire_definition


def counterfactual_in_words(cf: dict) -> dict:
    """The engine's sentence, with the verdict in words ("… becomes Do not fine-tune")."""
    slug = cf["new_verdict"]
    sentence = cf["sentence"]
    if sentence.endswith(f"becomes {slug}"):
        sentence = sentence[: -len(slug)] + f"“{verdict_label(slug)}”."
    return {**cf, "sentence": sentence, "label": verdict_label(slug)}


def report_context(report) -> dict:
    evaluation = report.evaluation
    result = evaluation.result
    questionnaire = questionnaire_definition(evaluation.questionnaire)
    criteria = {c.slug: c for c in criteria_set_definition(evaluation.criteria_set).criteria}
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
                "evidence": [
                    {
                        "prompt": questions[slug].prompt if slug in questions else slug,
                        "answer": answer_text(questions[slug], value) if slug in questions else str(value),
                    }
                    for slug, value in row["evidence"].items()
                ],
            }
        )
    appendix = [
        {
            "title": section.title,
            "answers": [
                {"prompt": q.prompt, "answer": answer_text(q, answers.get(q.slug))}
                for q in section.questions
                if q.slug in answers
            ],
        }
        for section in questionnaire.sections
    ]
    # When no reason for fine-tuning matched, say which ones were looked for (they are data).
    no_fit = not any(m["kind_slug"] == "fit" for m in matched)
    unmatched_fits = [
        criteria[row["slug"]].title
        for row in result["criteria"]
        if no_fit and row["kind"] == "fit" and row["slug"] in criteria
    ]
    rows = scorecard_rows(result["criteria"])
    engagement = report.assessment.engagement
    verdict = result["verdict"]
    return {
        "report": report,
        "engagement": engagement,
        "organisation": engagement.organisation.name,
        "use_case": answers.get("use_case_summary") or engagement.use_case_description,
        "verdict": verdict,
        "verdict_label": verdict_label(verdict),
        "override_label": verdict_label(report.override_verdict),
        "decided_by": result.get("decided_by", {}).get("explanation", ""),
        "approaches": [approach_label(a) for a in result["approaches"]],
        "scorecard": rows,
        "scorecard_svg": scorecard_svg(rows),
        "matched": matched,
        "unmatched_fits": unmatched_fits,
        "counterfactuals": [counterfactual_in_words(cf) for cf in result.get("counterfactuals", [])],
        "next_steps": result.get("next_steps", []),
        "scope": programme_scope(verdict=report.override_verdict or verdict, answers=answers),
        "team": list(report.proposed_engineers.select_related("user")),
        "appendix": appendix,
        "questionnaire": result["questionnaire"],
        "criteria_set": result["criteria_set"],
        "generated_at": timezone.now(),
    }


def report_html(report) -> str:
    return render_to_string("reports/report.html", report_context(report))
