"""Assessments with answers for report tests: one per verdict, from the contract's golden cases."""

from assessments.models import Answer, Assessment
from assessments.reports.services import report_revise
from assessments.selectors import published_questionnaire
from discovery.models import Engagement, Organisation
from tests.answers import READY_CLIENT

BASE = READY_CLIENT
ANSWERS = {
    "fine_tune": BASE,
    "not_yet": {
        **BASE,
        "curated_examples": "under_100",
        "goals": ["style_voice", "new_knowledge"],
        "knowledge_change_rate": "monthly",
    },
    "do_not_fine_tune": {**BASE, "base_model_fit": "does_well"},
}


def make_assessment(
    verdict: str = "fine_tune", *, lead=None, organisation: str = "Acme Widgets", submitted: bool = True, **overrides
):
    """An assessment whose answers give `verdict`: submitted, with its engagement in review; or
    (submitted=False) still open, its engagement waiting for the client to submit."""
    org = Organisation.objects.create(name=organisation)
    engagement = Engagement.objects.create(
        organisation=org, source=Engagement.SELF_SERVICE, lead=lead, use_case_description="Email replies"
    )
    if submitted:
        Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.IN_REVIEW)
        engagement.refresh_from_db()
    assessment = Assessment.objects.create(
        engagement=engagement,
        questionnaire=published_questionnaire(),
        status=Assessment.SUBMITTED if submitted else Assessment.OPEN,
    )
    for slug, value in {**ANSWERS[verdict], **overrides}.items():
        Answer.objects.create(assessment=assessment, question_slug=slug, value=value)
    return assessment


def with_disagreements(report, user, *, narrative: str = "", engineers=()):
    """The next version of `report` with the "points of disagreement" section switched on (no
    override; no engineers unless given): what an architect saves to show the workshop's disagreements."""
    return report_revise(
        report=report,
        user=user,
        narrative=narrative,
        override_verdict="",
        override_justification="",
        engineers=list(engineers),
        include_disagreements=True,
    )


def delivered_to_contact(
    assessment, lead, *, narrative: str, no_engineers_reason: str, contact: tuple[str, str], **generate
):
    """The assessment's report generated now (`generate`: report_generate_now's options such as
    traffic), delivered by `lead` with a reason for naming no engineers, to a contact who can
    open it through a private link."""
    from assessments.models import Report
    from assessments.reports.services import report_generate_now
    from discovery.engagements.services.delivery import report_deliver
    from discovery.models import Contact

    engagement = assessment.engagement
    name, email = contact
    engagement.contact = Contact.objects.create(organisation=engagement.organisation, name=name, email=email)
    engagement.save()
    report = report_generate_now(assessment=assessment, narrative=narrative, **generate)
    Report.objects.filter(pk=report.pk).update(no_engineers_reason=no_engineers_reason)
    report.refresh_from_db()
    report_deliver(report=report, user=lead)
    return report
