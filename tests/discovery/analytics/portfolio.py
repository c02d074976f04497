"""A small portfolio whose figures are worked out by hand in the tests (clock: 15 June 2026).

    client          industry  lead   submitted     first response  newest verdict     criteria
    Apple Retail    Retail    alice  10 Apr 10:00  +5 h (in time)  fine_tune          v1  style voice
    Birch Bank      Banking   bob    20 Apr 09:00  +60 h (late)    not_yet            v1  style voice, few examples
    Cedar Health    Health    alice   3 May 09:00  none (overdue)  do_not_fine_tune   v1  base model sufficient
    Delta Software  Software  bob    14 Jun 12:00  none (in 48 h)  not_yet            v1  few examples
    Echo Legal      Legal     alice  never (evaluated 1 Jun)       fine_tune          v2  style voice
    Fig Old         Retail    bob     1 Mar 2025   +1 h            fine_tune          v1  (outside the last 12 months)

Apple's assessment also has an older do_not_fine_tune evaluation (ignored: only the newest counts).
Apple and Cedar have a one-change counterfactual, Birch only a two-change one.
Reports: Apple v1 delivered (kept) + v2 draft overriding to not_yet (not delivered, so v1 stands);
Birch v1 overrides to fine_tune; Cedar v1 delivered overrides to not_yet; Delta v1 kept; Fig Old
v1 overrides (outside the period).
"""

from datetime import UTC, datetime, timedelta

from assessments.models import Evaluation, Report
from assessments.selectors import published_criteria_set
from assessments.services.publishing import content_draft_from
from discovery.models import Engagement
from tests.discovery.engagement_factories import make_assessment_for, make_engagement

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
FEW_EXAMPLES = {
    "changes": [["curated_examples", "100_to_1000", "under_100"]],
    "new_verdict": "not_yet",
    "sentence": "With under 100 curated examples, the verdict becomes not_yet",
}
STYLE_ADDED = {
    "changes": [["goals", ["general_quality"], ["style_voice", "general_quality"]]],
    "new_verdict": "fine_tune",
    "sentence": "With “Write in our voice” added for “What do you need?”, the verdict becomes fine_tune",
}
TWO_CHANGES = {
    "changes": [["curated_examples", "under_100", "over_1000"], ["examples_reviewed", False, True]],
    "new_verdict": "fine_tune",
    "sentence": "With over 1,000 curated examples and reviewed examples, the verdict becomes fine_tune",
}


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


def evaluate(assessment, verdict, matched=(), counterfactuals=(), *, criteria_set=None, created_at=None):
    """A stored evaluation with a hand-written result (only the parts the analytics read)."""
    criteria_set = criteria_set or published_criteria_set()
    return Evaluation.objects.create(
        assessment=assessment,
        questionnaire=criteria_set.questionnaire,
        criteria_set=criteria_set,
        answers={},
        answers_hash="x",
        result={"verdict": verdict, "matched": list(matched), "counterfactuals": list(counterfactuals)},
        verdict=verdict,
        created_at=created_at or NOW - timedelta(days=1),
    )


def report(assessment, evaluation, number, override="", delivered=False):
    return Report.objects.create(
        assessment=assessment,
        evaluation=evaluation,
        number=number,
        status=Report.READY,
        override_verdict=override,
        delivered_at=NOW - timedelta(days=2) if delivered else None,
    )


def client_engagement(name, industry, lead, submitted=None, response_hours=None, **fields):
    engagement = make_engagement(
        name,
        status=Engagement.IN_REVIEW if submitted else Engagement.IN_WORKSHOP,
        lead=lead,
        submitted_at=submitted,
        response_due_at=submitted + timedelta(hours=48) if submitted else None,
        first_response_at=submitted + timedelta(hours=response_hours) if response_hours is not None else None,
        **fields,
    )
    engagement.organisation.industry = industry
    engagement.organisation.save()
    return engagement, make_assessment_for(engagement)


def build_portfolio(alice, bob) -> dict:
    version_2 = content_draft_from(version=published_criteria_set(), user=None)

    apple, a = client_engagement("Apple Retail", "Retail", alice, at(2026, 4, 10, 10), 5)
    evaluate(a, "do_not_fine_tune", ["base_model_sufficient"], created_at=at(2026, 4, 10, 11))
    apple_eval = evaluate(a, "fine_tune", ["fit_style_voice"], [FEW_EXAMPLES], created_at=at(2026, 4, 11))
    report(a, apple_eval, 1, delivered=True)
    report(a, apple_eval, 2, override="not_yet")

    _, b = client_engagement("Birch Bank", "Banking", bob, at(2026, 4, 20), 60)
    birch_eval = evaluate(b, "not_yet", ["fit_style_voice", "insufficient_curated_data"], [TWO_CHANGES])
    report(b, birch_eval, 1, override="fine_tune")

    cedar, c = client_engagement("Cedar Health", "Healthcare", alice, at(2026, 5, 3))
    cedar_eval = evaluate(c, "do_not_fine_tune", ["base_model_sufficient"], [STYLE_ADDED, TWO_CHANGES])
    report(c, cedar_eval, 1, override="not_yet", delivered=True)

    _, d = client_engagement("Delta Software", "Software", bob, at(2026, 6, 14, 12))
    report(d, evaluate(d, "not_yet", ["insufficient_curated_data"]), 1)

    _, e = client_engagement("Echo Legal", "Legal services", alice)
    evaluate(e, "fine_tune", ["fit_style_voice"], criteria_set=version_2, created_at=at(2026, 6, 1))

    _, f = client_engagement("Fig Old", "Retail", bob, at(2025, 3, 1), 1)
    report(f, evaluate(f, "fine_tune", ["fit_style_voice"], [FEW_EXAMPLES]), 1, override="not_yet")
    return {"apple": apple, "cedar": cedar, "version_2": version_2}
