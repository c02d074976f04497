"""Demo engagements: a dozen clients in every status, both sources and every SLA state.

Keyed by organisation name, so running it again changes nothing. Submitted and later engagements
carry complete answers that produce each verdict; Harbour Health is mid-workshop, with attendees,
annotations and revisions, and its verdict not decided yet (it depends on how well a base model
already does the task).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Answer, Assessment, GoldenCase, WorkshopAttendee
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.answers import answer_save
from demo import baseline
from discovery.models import Contact, Engagement, EngagementEvent, InternalNote, Organisation, OutgoingEmail

E = Engagement
# organisation, industry, contact, source, status, lead, hours since submission, hours to first
# response (None: not yet), verdict of the answers (None: no complete answers), note
ENGAGEMENTS = [
    (
        "Pinecrest Pharmacy",
        "Pharmacy",
        ("Paul Pine", "Head of Customer Care"),
        E.SELF_SERVICE,
        E.REQUESTED,
        None,
        None,
        None,
        None,
        "",
    ),
    (
        "Fjord Analytics",
        "Software",
        ("Finn Berg", "CTO"),
        E.WORKSHOP,
        E.WORKSHOP_SCHEDULED,
        "tom",
        None,
        None,
        None,
        "Workshop booked for Thursday, 2 hours, on site.",
    ),
    (
        "Harbour Health",
        "Healthcare",
        ("Hana Ito", "Director of Patient Services"),
        E.WORKSHOP,
        E.IN_WORKSHOP,
        "maya",
        None,
        None,
        None,
        "Clinical safety lead joins for the data section.",
    ),
    (
        "Copperleaf Legal",
        "Legal services",
        ("Cara Lowe", "Knowledge Manager"),
        E.SELF_SERVICE,
        E.SUBMITTED,
        None,
        5,
        None,
        "not_yet",
        "",
    ),
    (
        "Brightwater Utilities",
        "Utilities",
        ("Ben Waters", "Head of Customer Ops"),
        E.SELF_SERVICE,
        E.SUBMITTED,
        "priya",
        40,
        None,
        "fine_tune",
        "Large ticket archive; ask about consent for training.",
    ),
    (
        "Kestrel Logistics",
        "Logistics",
        ("Kim Stroud", "Operations Director"),
        E.SELF_SERVICE,
        E.SUBMITTED,
        None,
        60,
        None,
        "do_not_fine_tune",
        "",
    ),
    (
        "Meridian Retail",
        "Retail",
        ("Mo Reyes", "E-commerce Lead"),
        E.SELF_SERVICE,
        E.IN_REVIEW,
        "sam",
        30,
        6,
        "fine_tune",
        "Strong eval suite already in place.",
    ),
    (
        "Osprey Energy",
        "Energy",
        ("Olu Adeyemi", "Digital Programme Manager"),
        E.SELF_SERVICE,
        E.IN_REVIEW,
        "tom",
        80,
        55,
        "not_yet",
        "Responded late: Tom was at the Oslo workshop.",
    ),
    (
        "Lumen Publishing",
        "Media",
        ("Lena Marsh", "Managing Editor"),
        E.WORKSHOP,
        E.DELIVERED,
        "maya",
        200,
        3,
        "fine_tune",
        "Delivered; they want a follow-up on evaluation design.",
    ),
    (
        "Aster Telecom",
        "Telecoms",
        ("Arun Patel", "Head of Care"),
        E.SELF_SERVICE,
        E.CLOSED,
        "priya",
        400,
        10,
        "do_not_fine_tune",
        "Went with RAG over their knowledge base.",
    ),
    (
        "Granite Manufacturing",
        "Manufacturing",
        ("Greta Holm", "Plant IT Manager"),
        E.SELF_SERVICE,
        E.WITHDRAWN,
        None,
        None,
        None,
        None,
        "Budget frozen until next year.",
    ),
    (
        "Quayside Bank",
        "Banking",
        ("Quinn Shaw", "Chief Data Officer"),
        E.WORKSHOP,
        E.SUBMITTED,
        "sam",
        20,
        2,
        "do_not_fine_tune",
        "",
    ),
]
PATHS = {
    E.REQUESTED: [],
    E.WORKSHOP_SCHEDULED: [E.WORKSHOP_SCHEDULED],
    E.IN_WORKSHOP: [E.WORKSHOP_SCHEDULED, E.IN_WORKSHOP],
    E.SUBMITTED: [E.SUBMITTED],
    E.IN_REVIEW: [E.SUBMITTED, E.IN_REVIEW],
    E.DELIVERED: [E.SUBMITTED, E.IN_REVIEW, E.DELIVERED],
    E.CLOSED: [E.SUBMITTED, E.IN_REVIEW, E.DELIVERED, E.CLOSED],
    E.WITHDRAWN: [E.WITHDRAWN],
}
LABELS = dict(E.STATUSES)


def golden_answers(verdict: str, case: int = 0) -> dict:
    """The answers of the published criteria's `case`-th golden case with this verdict (wrapping
    round), so demo clients with one verdict can still differ in what they answered. Cases that
    need measured facts are skipped: demo answers alone must give the verdict."""
    cases = [
        case
        for case in GoldenCase.objects.filter(criteria_set=published_criteria_set(), expected_verdict=verdict).order_by(
            "order", "pk"
        )
        if not case.facts
    ]
    return dict(cases[case % len(cases)].answers)


def _stated_for_baseline(name: str, assessment) -> dict:
    """Meridian Retail also answered questionnaire v2's two optional questions (its system prompt and
    quality target), which pre-fill its baseline run; left out where the questionnaire lacks them."""
    if name != baseline.ORGANISATION:
        return {}
    stated = {"current_system_prompt": baseline.PROMPT, "quality_target": baseline.TARGET}
    asked = set(assessment.questionnaire.questions.filter(slug__in=stated).values_list("slug", flat=True))
    return {slug: value for slug, value in stated.items() if slug in asked}


def build_engagement(row, users, now, *, case: int = 0) -> bool:
    """One ENGAGEMENTS-shaped row as an engagement with its timeline and assessment; False if its
    organisation already has one (so every demo step stays idempotent)."""
    name, industry, (person, role), source, status, lead, submitted_h, response_h, verdict, note = row
    if Organisation.objects.filter(name=name, engagements__isnull=False).exists():
        return False
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"industry": industry})
    email = f"{person.split()[0].lower()}@{name.split()[0].lower()}.example"
    contact, _ = Contact.objects.get_or_create(
        organisation=organisation, email=email, defaults={"name": person, "role": role, "consent_to_contact": True}
    )
    lead_user = users.get(lead)
    created = now - timedelta(hours=(submitted_h or 20) + 30)
    submitted = now - timedelta(hours=submitted_h) if submitted_h is not None else None
    due = Engagement.response_due_from(submitted) if submitted else None
    answered = submitted + timedelta(hours=response_h) if submitted and response_h is not None else None
    if answered and response_h > settings.RESPONSE_SLA_HOURS:
        # A row meant to be answered late stays late however many days off its clock skipped
        # (the deadline counts working days), without an answer in the future.
        answered = max(answered, min(due + timedelta(hours=response_h - settings.RESPONSE_SLA_HOURS), now))
    engagement = E.objects.create(
        organisation=organisation,
        contact=contact,
        source=source,
        lead=lead_user,
        use_case_description=f"{organisation.name} wants a model to help the {role.lower()}'s team.",
        created_at=created,
        submitted_at=submitted,
        response_due_at=due,
        first_response_at=answered,
        delivered_at=now - timedelta(hours=24) if status in (E.DELIVERED, E.CLOSED) else None,
    )
    E.objects.filter(pk=engagement.pk).update(status=status)
    # The same lines the real flows write (intake, link email, consultant-created workshop).
    if source == E.SELF_SERVICE:
        # The link email itself is its outbox row below (one line per email).
        events = [(created, EngagementEvent.Kind.REQUESTED, f"Requested online by {person} ({email})", None)]
    else:
        events = [
            (
                created,
                EngagementEvent.Kind.CREATED,
                "Workshop engagement created by a consultant",
                lead_user or users["sam"],
            )
        ]
    previous, moment = E.REQUESTED, created
    for target in PATHS[status]:
        moment = submitted if target == E.SUBMITTED and submitted else moment + timedelta(hours=2)
        actor = None if target == E.SUBMITTED and source == E.SELF_SERVICE else lead_user
        events.append((moment, EngagementEvent.Kind.STATUS_CHANGED, f"{LABELS[previous]} → {LABELS[target]}", actor))
        previous = target
    for when, kind, message, actor in events:
        EngagementEvent.objects.create(engagement=engagement, kind=kind, message=message, actor=actor, created_at=when)
    # The outbox rows those flows write, already sent (the timeline shows each email's state).
    if source == E.SELF_SERVICE:
        _sent_email(engagement, OutgoingEmail.CLIENT_LINK, created + timedelta(minutes=1))
        if submitted:
            _sent_email(engagement, OutgoingEmail.SUBMITTED, submitted + timedelta(minutes=1))
    if note:
        InternalNote.objects.create(engagement=engagement, author=lead_user or users["sam"], text=note)

    assessment = Assessment.objects.create(
        engagement=engagement, questionnaire=published_questionnaire(), created_at=created
    )
    if verdict:
        # A self-service client answered through their link (no user); a workshop's lead typed them.
        by_client = source == E.SELF_SERVICE
        for slug, value in (golden_answers(verdict, case) | _stated_for_baseline(name, assessment)).items():
            answer_save(
                assessment=assessment,
                slug=slug,
                value=value,
                user=None if by_client else lead_user,
                label=engagement.client_label if by_client or lead_user is None else lead_user.get_full_name(),
            )
        assessment.status = Assessment.SUBMITTED
        assessment.submitted_at = submitted
        assessment.save(update_fields=["status", "submitted_at"])
    if status == E.IN_WORKSHOP:
        _workshop(assessment, users)
    return True


def _sent_email(engagement, kind: str, when) -> None:
    OutgoingEmail.objects.create(
        engagement=engagement,
        kind=kind,
        status=OutgoingEmail.SENT,
        attempts=1,
        created_at=when,
        status_changed_at=when,
        sent_at=when,
    )


def failed_email() -> None:
    """One email the mail server refused on every try, for a consultant to resend from the
    timeline: the newest submitted engagement's new-submission notice (once, idempotently)."""
    if OutgoingEmail.objects.filter(status=OutgoingEmail.FAILED).exists():
        return
    engagement = E.objects.filter(status=E.SUBMITTED, source=E.SELF_SERVICE).order_by("-submitted_at").first()
    if engagement is None:
        return
    email = engagement.emails.filter(kind=OutgoingEmail.SUBMITTED).first()
    if email is None:
        return
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.FAILED,
        attempts=6,
        sent_at=None,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
        status_changed_at=email.created_at + timedelta(minutes=16),
    )


def _workshop(assessment, users) -> None:
    """Harbour Health: half-way through, with people in the room, notes and a changed answer."""
    for person, role in [
        ("Hana Ito", "Director of Patient Services"),
        ("Dev Mehta", "Head of Data"),
        ("Rosa Klein", "Clinical Safety Officer"),
    ]:
        WorkshopAttendee.objects.create(assessment=assessment, name=person, role=role)
    maya, tom = users["maya"], users["tom"]
    start = golden_answers("fine_tune")
    for slug in [
        "use_case_summary",
        "goals",
        "knowledge_change_rate",
        "request_volume",
        "consistency_need",
        "prompting_tried",
        "prompting_outcome",
    ]:
        if slug in start:
            answer_save(assessment=assessment, slug=slug, value=start[slug], user=maya, label="Maya")
    answer_save(assessment=assessment, slug="request_volume", value="high", user=tom, label="Tom")
    answer_save(assessment=assessment, slug="curated_examples", value="under_100", user=maya, label="Maya")
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(
        note="Dev thinks the CRM export has several thousand more once cleaned.",
        confidence=Answer.UNSURE,
        stakeholders_disagree=True,
        disagreement_detail="Dev (Head of Data): over 1,000 usable. Rosa (Clinical Safety): under 100 are reviewed.",
    )
    Answer.objects.filter(assessment=assessment, question_slug="consistency_need").update(confidence=Answer.CONFIDENT)


def build(stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["maya", "tom", "priya", "sam"])}
    now = timezone.now()
    made = sum(build_engagement(row, users, now) for row in ENGAGEMENTS)
    failed_email()
    stdout.write(f"Engagements: {made} created, {len(ENGAGEMENTS) - made} already there.")
