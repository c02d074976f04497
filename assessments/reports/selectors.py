"""Read-side queries for reports: the newest version, all versions, the delivered one, and the
answers shown beside a draft."""

from assessments.engine import answer_text
from assessments.models import Report
from assessments.selectors import content_definition


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
    """The answers this version was made from, per section, in the client's words.

    From the version's evaluation snapshot once it has one; before that, the stored answers.
    """
    assessment = report.assessment
    values = report.evaluation.answers if report.evaluation else assessment.answer_values()
    questionnaire = content_definition(
        report.evaluation.questionnaire if report.evaluation else assessment.questionnaire
    )
    return [
        {
            "title": s.title,
            "answers": [
                {"prompt": q.prompt, "answer": answer_text(q, values.get(q.slug))}
                for q in s.questions
                if q.slug in values
            ],
        }
        for s in questionnaire.sections
    ]


def report_action_plan(report: Report) -> list[dict]:
    """The readiness plan of a rendered version, one row per next step, in the report's order.

    Each row: `number`, `step`, `who` (the engagement's lead architect, who owns the plan with the
    client; "To be agreed" while nobody leads) and `criteria` (the titles of the matched criteria
    that added the step, from the version's own evaluation snapshot). Empty before rendering.
    """
    evaluation = report.evaluation
    if evaluation is None:
        return []
    result = evaluation.result
    definitions = {c.slug: c for c in content_definition(evaluation.criteria_set).criteria}
    lead = report.assessment.engagement.lead
    who = (lead.get_full_name() or lead.username) if lead else "To be agreed"
    rows = []
    for number, step in enumerate(result.get("next_steps", []), start=1):
        sources = [
            definitions[row["slug"]].title
            for row in result["criteria"]
            if row["matched"] and row["slug"] in definitions and definitions[row["slug"]].next_step == step
        ]
        rows.append({"number": number, "step": step, "who": who, "criteria": sources})
    return rows
