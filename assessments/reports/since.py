"""Two report sections about several voices and time: "Points of disagreement" (how the
respondents' disagreements were settled) and "Since your last assessment" (a re-assessment
compared with the one before, the client's changes told apart from the criteria's).

The words are built here once and used by the report and by the consultants' comparison page.
"""

from assessments import engine
from assessments.engine.facts import FACTS
from assessments.selectors import (
    assessment_disagreements,
    assessment_inputs,
    evaluation_inputs,
    respondent_answer_history,
)


def _fact_words(name: str, value) -> str:
    if value is None:
        return "not measured"
    fact = FACTS.get(name)
    if fact is not None and fact.type is float:
        return f"{value:.0%}"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _criterion_title(slug: str, *sets: engine.CriteriaSet) -> str:
    for criteria in sets:
        if slug in criteria.by_slug:
            return criteria.by_slug[slug].title
    return slug


def _flips(step: engine.Step, *sets) -> list[str]:
    return [
        f"{_criterion_title(slug, *sets)} {'now applies' if now else 'no longer applies'}"
        for slug, _was, now in step.flipped
    ]


def comparison_in_words(earlier: engine.Inputs, later: engine.Inputs) -> dict:
    """A comparison (engine.compare) as the page and the report show it."""
    result = engine.compare(earlier, later)
    questions = {**earlier.questionnaire.by_slug, **later.questionnaire.by_slug}
    sets = (later.criteria_set, earlier.criteria_set)
    then_label, now_label = engine.verdict_label(result.then.verdict), engine.verdict_label(result.now.verdict)
    versions = f"version {earlier.criteria_set.version} → {later.criteria_set.version}"
    if result.same_criteria:
        criteria_sentence = (
            f"The criteria were the same (version {later.criteria_set.version}) both times, "
            "so every change comes from the answers and measurements."
        )
    elif result.criteria_effect.moved:
        criteria_sentence = (
            f"The criteria changed ({versions}): on the previous answers alone they now give "
            f"“{engine.verdict_label(result.criteria_effect.after)}” instead of “{then_label}”."
        )
    else:
        criteria_sentence = (
            f"The criteria changed ({versions}) but decide the previous answers the same way (“{then_label}”)."
        )
    client = result.client_effect
    if client.moved:
        client_sentence = (
            f"The client's changes moved the verdict from “{engine.verdict_label(client.before)}” to “{now_label}”."
        )
    else:
        client_sentence = f"The client's changes did not move the verdict (“{now_label}”)."
    return {
        "then": result.then.verdict,
        "now": result.now.verdict,
        "then_label": then_label,
        "now_label": now_label,
        "moved": result.verdict_moved,
        "answers": [
            {
                "prompt": questions[slug].prompt if slug in questions else slug,
                "then": engine.answer_text(questions[slug], old) if slug in questions else str(old),
                "now": engine.answer_text(questions[slug], new) if slug in questions else str(new),
            }
            for slug, old, new in result.answers_changed
        ],
        "facts": [
            {
                "label": FACTS[name].label if name in FACTS else name,
                "then": _fact_words(name, old),
                "now": _fact_words(name, new),
            }
            for name, old, new in result.facts_changed
        ],
        "flipped": _flips(engine.Step(result.then.verdict, result.now.verdict, result.criteria_flipped), *sets),
        "criteria_sentence": criteria_sentence,
        "criteria_flips": _flips(result.criteria_effect, *sets),
        "client_sentence": client_sentence,
        "client_flips": _flips(client, *sets),
        "same_criteria": result.same_criteria,
    }


def since_last_assessment(report) -> dict | None:
    """The "Since your last assessment" section of a re-assessment's report; None for a first one."""
    assessment = report.assessment
    if assessment.previous_id is None:
        return None
    previous = assessment.previous
    later = evaluation_inputs(report.evaluation) if report.evaluation else assessment_inputs(assessment)
    words = comparison_in_words(assessment_inputs(previous), later)
    words["previous_date"] = previous.submitted_at or previous.created_at
    return words


def points_of_disagreement(report) -> list[dict]:
    """The respondents' disagreements settled so far, each with who said what (and when) and how it was
    settled (open ones have no answer yet, so the report can't present one)."""
    rows = []
    found = assessment_disagreements(report.assessment)
    when = {}
    if any(not d.is_open for d in found):
        history = respondent_answer_history(report.assessment)
        when = {(slug, r.pk): at for slug, said in history.items() for r, _value, at in said}
    for d in found:
        if d.is_open:
            continue
        rows.append(
            {
                "prompt": d.question.prompt,
                "answer": engine.answer_text(d.question, d.reconciliation.value),
                # (who, what in words, when they last said it)
                "positions": [(r.label, words, when.get((d.slug, r.pk))) for r, _value, words in d.positions],
                "note": d.reconciliation.note,
                "settled_by": d.reconciliation.settled_by_label,
                "settled_at": d.reconciliation.settled_at,
            }
        )
    return rows
