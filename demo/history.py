"""Demo history: eight months of past engagements, so every analytics chart has something to show.

Thirty-six clients submitted over the last eight months across industries and leads, with every
verdict (answers from several golden cases, so different criteria fire), some late first
responses, reports for each and a handful of architect overrides (a revised, delivered version).
Keyed by organisation name like the other engagements, so running it again changes nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Report
from assessments.reports.services import report_revise
from assessments.tasks import report_generate_task
from discovery.models import Engagement

from .engagements import build_engagement
from .reports import mark_delivered, prepared_at, render_report, summary

E = Engagement
NAMES = [
    "Alder",
    "Beacon",
    "Cobalt",
    "Dunmore",
    "Ember",
    "Fernhill",
    "Glenrock",
    "Halcyon",
    "Ironbridge",
    "Juniper",
    "Kingsway",
    "Larkspur",
    "Millbrook",
    "Northgate",
    "Oakridge",
    "Pemberton",
    "Quarry Lane",
    "Redwood",
    "Saltmarsh",
    "Thornbury",
    "Upland",
    "Vantage",
    "Westbrook",
    "Yarrow",
    "Zephyr",
    "Ashford",
    "Bramble",
    "Clearwater",
    "Driftwood",
    "Elmstead",
    "Foxglove",
    "Greystone",
    "Hawthorn",
    "Ivybridge",
    "Kelso",
    "Linden",
]
INDUSTRIES = [
    ("Retail", "Stores"),
    ("Banking", "Bank"),
    ("Healthcare", "Health"),
    ("Software", "Software"),
    ("Insurance", "Insurance"),
    ("Legal services", "Legal"),
    ("Logistics", "Freight"),
    ("Energy", "Energy"),
]
LEADS = ["maya", "tom", "priya", "sam"]
# (verdict, golden case) in a cycle: all three verdicts, varied answers behind each.
VERDICTS = [
    ("fine_tune", 0),
    ("not_yet", 0),
    ("do_not_fine_tune", 0),
    ("not_yet", 2),
    ("fine_tune", 1),
    ("do_not_fine_tune", 2),
    ("not_yet", 3),
    ("do_not_fine_tune", 4),
    ("fine_tune", 2),
    ("not_yet", 1),
    ("do_not_fine_tune", 1),
    ("not_yet", 4),
]
# Row index → the verdict the architect put on the report instead of the computed one.
OVERRIDES = {
    2: ("not_yet", "A second use case needs fine-tuning; prepare the data for it first."),
    4: ("not_yet", "Their evaluation set is a spreadsheet of twenty examples: measure first."),
    9: ("fine_tune", "The missing examples exist in their CRM and were exported during the workshop."),
    13: ("do_not_fine_tune", "Retrieval over their policy library serves this better."),
    20: ("not_yet", "Training rights are being renegotiated with their supplier."),
    27: ("fine_tune", "Their legal team confirmed the training rights after the report."),
}


def history_rows(now_days: int = 245) -> list[tuple]:
    """ENGAGEMENTS-shaped rows: one submission about every week over the last eight months."""
    rows = []
    for i, name in enumerate(NAMES):
        industry, suffix = INDUSTRIES[i % len(INDUSTRIES)]
        days_ago = now_days - i * 6.5
        verdict, _ = VERDICTS[i % len(VERDICTS)]
        # Every fifth answered late (the 48 hours missed), the rest within a working day or two.
        response_h = 50 + (i * 7) % 40 if i % 5 == 3 else 2 + (i * 5) % 30
        status = E.CLOSED if days_ago > 120 else E.DELIVERED if days_ago > 30 else E.IN_REVIEW
        person = f"{name.split()[0]} Contact"
        rows.append(
            (
                f"{name} {suffix}",
                industry,
                (person, "Head of Operations"),
                E.WORKSHOP if i % 4 == 1 else E.SELF_SERVICE,
                status,
                LEADS[i % len(LEADS)],
                int(days_ago * 24),
                response_h,
                verdict,
                "",
            )
        )
    return rows


def build(stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=LEADS)}
    now = timezone.now()
    made = 0
    for i, row in enumerate(history_rows()):
        if not build_engagement(row, users, now, case=VERDICTS[i % len(VERDICTS)][1]):
            continue
        made += 1
        engagement = E.objects.get(organisation__name=row[0])
        if engagement.status in (E.DELIVERED, E.CLOSED):
            # Delivered a few days after the first response, not "yesterday" as recent demo rows are.
            engagement.delivered_at = engagement.first_response_at + timedelta(days=4)
            E.objects.filter(pk=engagement.pk).update(delivered_at=engagement.delivered_at)
        assessment = engagement.assessments.get()
        report = render_report(assessment, stdout)
        if report is None:
            continue
        if i in OVERRIDES:
            verdict, why = OVERRIDES[i]
            report = report_revise(
                report=report,
                user=engagement.lead,
                narrative=summary(assessment, override_verdict=verdict, reason=why),
                override_verdict=verdict,
                override_justification=why,
                engineers=list(report.proposed_engineers.all()),
            )
            Report.objects.filter(pk=report.pk).update(created_at=prepared_at(engagement))
            # The same task body the worker runs; a queued copy of it later finds nothing to claim.
            report_generate_task.apply(args=[report.pk], throw=False)
        mark_delivered(report, engagement)
    stdout.write(f"History: {made} past engagements created, {len(NAMES) - made} already there.")
