"""The report's "Measured readiness" section, and the stated-vs-measured sentences the review
page shows: built from the uploads analysed by the time of the version's evaluation, and the
facts that evaluation used."""

from assessments.baseline import stated_vs_measured as baseline_stated_vs_measured
from assessments.engine import answer_text
from assessments.reports.baseline import baseline_chapter
from assessments.samples import profiles_from
from assessments.samples import summary as sample_summary
from assessments.selectors import content_definition, provider_profiles, samples_analysed_as_of


def stated_labels(questionnaire, answers: dict) -> dict[str, str]:
    """The chosen answer in words, per question slug (what the client said)."""
    return {
        q.slug: answer_text(q, answers[q.slug])
        for s in questionnaire.sections
        for q in s.questions
        if q.slug in answers
    }


# Said at the top of the chapter, in the HTML and the Word export alike.
KEPT_NOTE = (
    "Measured from the files you uploaded. Only counts, line numbers and hashes of the questions (from which "
    "no text can be read) were kept; the files themselves were deleted once analysed."
)


def measured_readiness(report) -> dict | None:
    """Counts, token histogram, duplicates, PII, contamination, provider fit and the next steps
    that follow, for the training sample and eval set behind ``report``; None when nothing was
    uploaded and analysed."""
    evaluation = report.evaluation
    if evaluation is None:
        return None
    uploads = samples_analysed_as_of(report.assessment, evaluation.created_at)
    baseline = baseline_chapter(evaluation)
    if not uploads and baseline is None:
        return None
    # The profiles the version froze (a delivered report never changes with later edits);
    # versions made before profiles were frozen read today's.
    profiles = profiles_from({"paths": report.profiles_used}) if report.profiles_used else provider_profiles()
    training = uploads.get("training")
    evals = uploads.get("eval")
    training_findings = training.findings if training else None
    eval_findings = evals.findings if evals else None
    questionnaire = content_definition(evaluation.questionnaire)
    facts = evaluation.result.get("facts", {})
    training_part = _part(training, profiles) if training else None
    evals_part = _part(evals, profiles) if evals else None
    return {
        "training": training_part,
        "evals": evals_part,
        "parts": [(part, heading) for part, heading in ((training_part, "Training sample"), (evals_part, "Eval set"))],
        "disagreements": sample_summary.stated_vs_measured(
            evaluation.answers, facts, stated_labels(questionnaire, evaluation.answers)
        )
        + baseline_stated_vs_measured(evaluation.answers, facts),
        "baseline": baseline,
        "next_steps": sample_summary.next_steps(training_findings, eval_findings, profiles),
        "facts_used": bool(facts),
        "kept_note": KEPT_NOTE,
        # The least recently checked provider's date: the figures are no fresher than that.
        "profiles_checked": min((p.checked for p in profiles if p.checked), default=""),
    }


def _part(upload, profiles) -> dict:
    findings = upload.findings
    return {
        "name": upload.original_name,
        "findings": findings,
        "issues": sample_summary.issues(findings),
        "histogram": sample_summary.histogram_rows(findings),
        "providers": sample_summary.provider_fit(findings, profiles) if upload.kind == "training" else [],
        "pii_count": (findings.get("pii_lines") or {}).get("count", 0),
        "duplicates": findings["exact_duplicates"]["count"] + findings["near_duplicates"]["count"],
        "contaminated": _contaminated_in_words(findings) if upload.kind == "eval" else "",
    }


def _contaminated_in_words(findings) -> str:
    """Eval cases that repeat a training example, in words the report, Word and review share."""
    leaked = findings.get("contaminated")
    return "not yet checked: no training sample analysed" if leaked is None else f"{leaked['count']:,}"
