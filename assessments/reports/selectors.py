"""Read-side queries for reports: the newest version, all versions, the delivered one, and the
answers shown beside a draft."""

from dataclasses import dataclass
from datetime import datetime

from assessments.engine import answer_text
from assessments.models import Answer, Report
from assessments.selectors import assessment_disagreements, content_definition, respondent_answer_history
from web.names import display_name


def report_newest(*, assessment_id: int | None = None, engagement_id: int | None = None) -> Report | None:
    """The newest report version: of one assessment, or (by engagement) of its newest assessment
    that has a report. None when no report was requested yet."""
    if assessment_id is not None:
        reports = Report.objects.filter(assessment_id=assessment_id)
    else:
        reports = Report.objects.filter(assessment__engagement_id=engagement_id)
    return reports.order_by("-assessment_id", "-number").first()


def report_versions(report: Report):
    """Every version of `report`'s assessment, newest first."""
    return Report.objects.filter(assessment_id=report.assessment_id).order_by("-number")


def delivered_report_for(engagement) -> Report | None:
    """The latest delivered report of `engagement`; drafts never reach clients."""
    return (
        Report.objects.filter(assessment__engagement=engagement, delivered_at__isnull=False)
        .order_by("-delivered_at", "-pk")
        .first()
    )


def report_answers(report: Report) -> list[dict]:
    """The answers this version was made from, per section, in the client's words, each with
    its provenance (`answer_provenance`) and, where a workshop changed it, the client's own answer.

    From the version's evaluation snapshot once it has one; before that, the stored answers.
    """
    assessment = report.assessment
    values = report.evaluation.answers if report.evaluation else assessment.answer_values()
    questionnaire = content_definition(
        report.evaluation.questionnaire if report.evaluation else assessment.questionnaire
    )
    provenance = answer_provenance(assessment)
    voices = respondent_voices(assessment)
    sections = []
    for s in questionnaire.sections:
        rows = []
        for q in s.questions:
            if q.slug not in values:
                continue
            origin = provenance.get(q.slug)
            changed = origin is not None and origin.changed_in_workshop
            rows.append(
                {
                    "slug": q.slug,
                    "prompt": q.prompt,
                    "answer": answer_text(q, values.get(q.slug)),
                    "provenance": origin,
                    "client_answer": answer_text(q, origin.client_value) if changed else "",
                    "respondents": voices.get(q.slug),
                }
            )
        sections.append({"title": s.title, "answers": rows})
    return sections


@dataclass(frozen=True)
class RespondentVoices:
    """Who among the client's respondents answered one question: [(name, answer in words, when)],
    and how their disagreement was settled, if it was (None while they agree or it is open)."""

    said: list[tuple[str, str, datetime]]
    settled: object  # Reconciliation | None

    @property
    def agree(self) -> bool:
        return len({words for _, words, _ in self.said}) == 1


def respondent_voices(assessment) -> dict[str, RespondentVoices]:
    """Per question that more than one current respondent answered, each one's own answer and,
    where they differed, the settlement that holds for what they said. Removed respondents are
    left out: their answers no longer count, so the client's report doesn't present them."""
    history = respondent_answer_history(assessment)
    wanted = {
        slug: [(r, v, at) for r, v, at in rows if not r.is_removed]
        for slug, rows in history.items()
        if sum(not r.is_removed for r, _, _ in rows) > 1
    }
    if not wanted:
        return {}
    questions = content_definition(assessment.questionnaire).by_slug
    settled = {d.slug: d.reconciliation for d in assessment_disagreements(assessment) if not d.is_open}
    return {
        slug: RespondentVoices(
            said=[(r.label, answer_text(questions[slug], v), at) for r, v, at in rows],
            settled=settled.get(slug),
        )
        for slug, rows in wanted.items()
        if slug in questions
    }


@dataclass(frozen=True)
class AnswerProvenance:
    """Who gave an answer and how it got to its current value."""

    by_workshop: bool  # last changed by a consultant in a workshop (else by the client)
    by: str  # the person's name, or the client's label
    at: datetime
    client_value: object  # the client's own last value, where a workshop changed it; else None
    changed_in_workshop: bool
    note: str
    confidence: str  # "", "confident" or "unsure"
    stakeholders_disagree: bool
    disagreement_detail: str


def answer_provenance(assessment) -> dict[str, AnswerProvenance]:
    """Per question slug, the provenance of its current answer.

    A change with a user is a consultant's (the workshop is the only place they answer); one
    without is the client's, through their private link. Where the client answered and a
    workshop later set a different value, `client_value` keeps what the client said.
    """
    answers = Answer.objects.filter(assessment=assessment).select_related("updated_by").prefetch_related("revisions")
    found = {}
    for answer in answers:
        revisions = sorted(answer.revisions.all(), key=lambda r: r.revision)
        by_client = [r for r in revisions if r.changed_by_id is None]
        workshop_after_client = bool(by_client) and any(
            r.changed_by_id is not None and r.revision > by_client[-1].revision for r in revisions
        )
        changed = workshop_after_client and by_client[-1].new_value != answer.value
        by_workshop = answer.updated_by_id is not None
        user = answer.updated_by
        found[answer.question_slug] = AnswerProvenance(
            by_workshop=by_workshop,
            by=display_name(user) or answer.updated_by_label or "The client",
            at=answer.updated_at,
            client_value=by_client[-1].new_value if changed else None,
            changed_in_workshop=changed,
            note=answer.note,
            confidence=answer.confidence,
            stakeholders_disagree=answer.stakeholders_disagree,
            disagreement_detail=answer.disagreement_detail,
        )
    return found


def report_action_plan(report: Report) -> list[dict]:
    """The readiness plan of a rendered version, one row per next step, in the report's order.

    Built from the client's own state: a step they have already done (a fit criterion's "gather
    examples" while a measured sample holds enough) comes first with `done` saying what they hold
    and no number. Each row: `number`, `step`, `owner` ("client" or "consultancy": the `next_step_owner` of the
    criteria that added the step, from the version's own criteria), `who` (the client's
    organisation for its own work; the engagement's lead architect for the consultancy's, "To be
    agreed" while nobody leads) and `criteria` (the titles of the matched criteria that added the
    step, from the version's own evaluation snapshot). Empty before rendering.
    """
    evaluation = report.evaluation
    if evaluation is None:
        return []
    result = evaluation.result
    definitions = {c.slug: c for c in content_definition(evaluation.criteria_set).criteria}
    engagement = report.assessment.engagement
    lead = engagement.lead
    who = {
        "client": f"{engagement.organisation.name} (client)",
        "consultancy": f"{display_name(lead)} (consultancy)" if lead else "To be agreed",
    }
    in_hand = examples_in_hand(result)
    rows, number = [], 0
    for step in result.get("next_steps", []):
        sources = [
            definitions[row["slug"]]
            for row in result["criteria"]
            if row["matched"] and row["slug"] in definitions and definitions[row["slug"]].next_step == step
        ]
        # A step two criteria share is the consultancy's if either says so (it leads that work).
        owner = "consultancy" if any(c.next_step_owner == "consultancy" for c in sources) else "client"
        # A fit criterion's step is gathering examples of the need; measured enough, it is done.
        done = bool(in_hand and sources and all(c.kind == "fit" for c in sources))
        number += 0 if done else 1
        rows.append(
            {
                "number": None if done else number,
                "step": step,
                "owner": owner,
                "who": who[owner],
                "criteria": [c.title for c in sources],
                "done": in_hand if done else "",
            }
        )
    # What is already done comes first, acknowledged; the numbered steps follow.
    return [r for r in rows if r["done"]] + [r for r in rows if not r["done"]]


def examples_in_hand(result: dict) -> str:
    """What the client already holds, in words, when a training sample was measured and the data
    prerequisite (contract slug ``insufficient_curated_data``) is known not to hold: "266 unique
    valid examples uploaded and measured". Empty otherwise."""
    unique = (result.get("facts") or {}).get("sample.unique_examples")
    data = next((c for c in result.get("criteria", []) if c["slug"] == "insufficient_curated_data"), None)
    if unique is None or data is None or data["matched"] is not False:
        return ""
    return f"{unique:,} unique valid example{'s' if unique != 1 else ''} uploaded and measured"
