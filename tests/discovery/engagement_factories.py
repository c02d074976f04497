"""Small builders for consultant-side tests: an organisation, an engagement, golden answers."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Answer, Assessment, GoldenCase
from assessments.selectors import published_criteria_set, published_questionnaire
from discovery.models import Contact, Engagement, Organisation
from discovery.workshop.services import workshop_answer_save, workshop_start


def make_engagement(
    name="Acme Freight", *, status=Engagement.REQUESTED, source=Engagement.SELF_SERVICE, lead=None, **fields
):
    organisation, _ = Organisation.objects.get_or_create(name=name)
    contact, _ = Contact.objects.get_or_create(
        organisation=organisation,
        email=f"{name.split()[0].lower()}@client.example",
        defaults={"name": f"{name.split()[0]} Contact"},
    )
    engagement = Engagement.objects.create(
        organisation=organisation, contact=contact, source=source, lead=lead, **fields
    )
    Engagement.objects.filter(pk=engagement.pk).update(status=status)
    engagement.refresh_from_db()
    return engagement


def make_submitted(name="Acme Freight", *, hours_ago=1, lead=None, **fields):
    submitted = timezone.now() - timedelta(hours=hours_ago)
    return make_engagement(
        name,
        status=Engagement.SUBMITTED,
        submitted_at=submitted,
        response_due_at=submitted + timedelta(hours=48),
        lead=lead,
        **fields,
    )


def golden_answers(verdict: str) -> dict:
    """The answers of the first golden case of the published criteria with this verdict."""
    case = (
        GoldenCase.objects.filter(criteria_set=published_criteria_set(), expected_verdict=verdict)
        .order_by("pk")
        .first()
    )
    return dict(case.answers)


def make_assessment_for(engagement, answers: dict | None = None) -> Assessment:
    """A new assessment in an existing `engagement`, with exactly `answers` (none by default).

    Unlike tests.assessments.reports.factories.make_assessment, which makes its own organisation and
    engagement and answers for a verdict."""
    assessment = Assessment.objects.create(engagement=engagement, questionnaire=published_questionnaire())
    for slug, value in (answers or {}).items():
        Answer.objects.create(assessment=assessment, question_slug=slug, value=value, revision=1)
    return assessment


def make_annotated_workshop(*, lead, colleague, note: str, detail: str, confidence: str = "") -> Engagement:
    """A workshop under way for Harbour Health where `colleague` answered one question with an
    internal note and a recorded disagreement (what must stay off the client's screen)."""
    engagement = make_engagement(
        "Harbour Health", status=Engagement.WORKSHOP_SCHEDULED, source=Engagement.WORKSHOP, lead=lead
    )
    make_assessment_for(engagement)
    assessment = workshop_start(engagement=engagement, user=lead)
    workshop_answer_save(
        assessment=assessment,
        slug="request_volume",
        value="low",
        expected_revision=0,
        user=colleague,
        note=note,
        confidence=confidence,
        stakeholders_disagree=True,
        disagreement_detail=detail,
    )
    return engagement
