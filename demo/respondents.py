"""Several voices and the passage of time (recorded demo data, labelled "(demo)" on timelines).

* Tidewater Logistics: three respondents answering one assessment with their own links — the
  operations director (lead), the data lead (Data and Evaluation) and the ML engineer (Current
  approach and Evaluation) — who disagree twice: on the curated examples (which changes the
  verdict) and on how quality is measured (which doesn't).
* Quayside Books: assessed six months ago (Not yet: too few curated examples, no evals), then
  re-assessed from that delivered engagement with the answers carried over and updated; the new
  verdict is Fine-tune, and the report says why ("Since your last assessment").

Idempotent: each part is skipped when its organisation already has engagements; each run prints
fresh links for the Tidewater respondents (tokens are never stored).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Respondent
from assessments.selectors import published_questionnaire
from assessments.services.answers import answers_save
from assessments.services.respondents import respondent_add, respondent_answers_save
from discovery.engagements.services.respondents import lead_respondent_for, reassessment_start
from discovery.models import ClientLink, Contact, Engagement, EngagementEvent, Organisation

# A client close to ready: only the contested answers decide between Fine-tune and Not yet.
SHARED = {
    "use_case_summary": "Delivery-exception notices to customers in our tone, in the portal's fixed JSON shape.",
    "goals": ["style_voice", "structured_output"],
    "request_volume": "high",
    "consistency_need": "strict",
    "prompting_tried": "systematic",
    "prompting_outcome": "inconsistent",
    "rag_tried": "no",
    "base_model_fit": "partially",
    "examples_reviewed": True,
    "training_data_rights": True,
    "baseline_measured": True,
    "migration_owner": True,
    "target_timeline": "1_to_3_months",
}
LEAD = {**SHARED, "curated_examples": "100_to_1000", "evaluation_method": "defined_metrics"}
DATA_LEAD = {
    "curated_examples": "under_100",
    "examples_reviewed": True,
    "training_data_rights": True,
    "evaluation_method": "defined_metrics",
    "baseline_measured": True,
}
ML_ENGINEER = {
    "prompting_tried": "systematic",
    "prompting_outcome": "inconsistent",
    "base_model_fit": "partially",
    "evaluation_method": "spot_checks",
    "baseline_measured": True,
}

THEN = {**SHARED, "curated_examples": "under_100", "evaluation_method": "none", "baseline_measured": False}
NOW = {"curated_examples": "over_1000", "evaluation_method": "automated_suite", "baseline_measured": True}


def _organisation(name: str, industry: str, person: str, role: str, email: str):
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"industry": industry})
    contact, _ = Contact.objects.get_or_create(
        organisation=organisation, email=email, defaults={"name": person, "role": role, "consent_to_contact": True}
    )
    return organisation, contact


def _tidewater(stdout) -> None:
    if not Organisation.objects.filter(name="Tidewater Logistics", engagements__isnull=False).exists():
        organisation, contact = _organisation(
            "Tidewater Logistics", "Logistics", "Tess Tide", "Operations Director", "tess@tidewater.example"
        )
        created = timezone.now() - timedelta(days=3)
        engagement = Engagement.objects.create(
            organisation=organisation,
            contact=contact,
            source=Engagement.SELF_SERVICE,
            use_case_description="Customer notices about delivery exceptions, in our voice and the portal's format.",
            created_at=created,
        )
        EngagementEvent.objects.create(
            engagement=engagement, kind=EngagementEvent.Kind.REQUESTED, message="Requested online (demo)"
        )
        assessment = Assessment.objects.create(engagement=engagement, questionnaire=published_questionnaire())
        answers_save(assessment=assessment, values=LEAD, label=engagement.client_label)
        lead = lead_respondent_for(engagement=engagement, assessment=assessment)
        voices = [
            ("Dana Data", "dana@tidewater.example", "data lead", ["data", "evaluation"], DATA_LEAD),
            ("Omar Ode", "omar@tidewater.example", "ML engineer", ["current_approach", "evaluation"], ML_ENGINEER),
        ]
        for name, email, role, sections, values in voices:
            respondent = respondent_add(
                assessment=assessment,
                name=name,
                email=email,
                role=role,
                sections=sections,
                invited_by_label=lead.name,
            )
            EngagementEvent.objects.create(
                engagement=engagement,
                kind=EngagementEvent.Kind.RESPONDENT_INVITED,
                message=f"{lead.name} invited {respondent.label} to answer (demo)",
            )
            respondent_answers_save(respondent=respondent, values=values, label=f"Client ({name}, {role})")
    engagement = Engagement.objects.get(organisation__name="Tidewater Logistics")
    ClientLink.objects.usable().filter(engagement=engagement).update(revoked_at=timezone.now())
    for respondent in Respondent.objects.filter(assessment__engagement=engagement):
        link, token = ClientLink.issue(engagement, respondent=None if respondent.is_lead else respondent)
        url = settings.SITE_URL + reverse("client-link", args=[token])
        stdout.write(f"Client link for {respondent.label} at Tidewater Logistics (three respondents): {url}")


def _quayside(stdout) -> None:
    if Organisation.objects.filter(name="Quayside Books", engagements__isnull=False).exists():
        return
    organisation, contact = _organisation(
        "Quayside Books", "Publishing", "Quinn Quay", "Head of Editorial", "quinn@quayside.example"
    )
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["maya", "tom"])}
    now = timezone.now()
    then = now - timedelta(days=183)
    first = Engagement.objects.create(
        organisation=organisation,
        contact=contact,
        source=Engagement.WORKSHOP,
        lead=users.get("maya"),
        use_case_description="Back-cover copy in the house voice (demo).",
        created_at=then - timedelta(days=3),
        submitted_at=then,
        response_due_at=Engagement.response_due_from(then),
        first_response_at=then + timedelta(hours=20),
        delivered_at=then + timedelta(days=4),
    )
    assessment = Assessment.objects.create(
        engagement=first, questionnaire=published_questionnaire(), created_at=then - timedelta(days=3)
    )
    answers_save(assessment=assessment, values=THEN, label="Client (Quinn Quay)")
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.SUBMITTED, submitted_at=then)
    Engagement.objects.filter(pk=first.pk).update(status=Engagement.DELIVERED)
    first.refresh_from_db()
    EngagementEvent.objects.create(
        engagement=first, kind=EngagementEvent.Kind.CREATED, message="Workshop engagement (demo, six months ago)"
    )
    second = reassessment_start(engagement=first, user=users.get("maya"))
    answers = Assessment.objects.get(engagement=second)
    answers_save(assessment=answers, values=NOW, label="Client (Quinn Quay)")
    Answer.objects.filter(assessment=answers).update(carried_over_from=None)  # the client confirmed every page
    submitted = now - timedelta(days=1)
    Assessment.objects.filter(pk=answers.pk).update(status=Assessment.SUBMITTED, submitted_at=submitted)
    Engagement.objects.filter(pk=second.pk).update(
        status=Engagement.IN_REVIEW,
        submitted_at=submitted,
        response_due_at=Engagement.response_due_from(submitted),
        first_response_at=submitted + timedelta(hours=5),
    )
    stdout.write("Quayside Books: assessed six months ago (Not yet) and re-assessed now (Fine-tune).")


@transaction.atomic
def build(stdout) -> None:
    _tidewater(stdout)
    _quayside(stdout)
