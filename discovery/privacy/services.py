"""Data-protection requests for one contact: export what is stored about them, or erase them.

Erasure policy (the README's "Personal data" section says the same):

* **The contact row stays, anonymised**: name "Erased contact <id>", email
  `erased-<id>@erased.invalid`, role emptied, consent withdrawn, `erased_at` stamped, so their
  engagements still have a contact and the consultancy keeps its record of the work.
* **What the client typed is removed**: the request as typed (`requested_details`), the use
  case description and every free-text answer (current value, its revisions and the evaluation
  snapshots). Choice, yes/no and number answers stay: they describe the organisation's use case,
  not the person, and are the consultancy's record of its advice.
* **What consultants wrote stays, with the contact taken out**: notes, answer notes, disagreement
  details, the report's narrative and override justification and timeline messages keep their
  text with the contact's email, full name, each part of their name and their role replaced by
  "[erased contact]"; labels such as "Client (Nora North)" become "Client (erased contact)".
* **Reports**: the stored HTML and PDF of every version name the client, so both are deleted
  (the files from storage once the erasure is committed) and the version's status becomes
  "erased" (never "ready" again, so no page offers its files); the row (number, dates,
  verdict) stays. Delivered versions are frozen against edits, and erasure is the one legal
  exception, so it writes with a queryset update. A new version can be generated
  from the anonymised answers if the consultancy needs one.
* **Golden cases copied from their engagement** ("Save as golden case", traced by
  `GoldenCase.source_engagement` into every later version of the criteria set): the free-text
  answers are blanked as above, in every version (published and retired ones included) and in
  the case's history (as "[erased]", so a required question stays answered), and the contact is
  taken out of its name and note; the expected verdict,
  the expectations and the choice answers stay, so the case still pins down the same decision.
  Published versions are otherwise immutable; this is their one exception
  (`GoldenCase.objects.erase_client_text`), as with the evaluation snapshots.
* **Uploaded samples**: a raw file still held (within retention) is deleted, and so are the
  prompts' fingerprints; the findings (counts and line numbers) stay, with the file's name and
  the uploader's label taken out, as the record of what was measured.
* **Respondents**: the contact as lead respondent loses name, email and role; every respondent's
  typed answers are blanked as above (removed respondents' too); settlement notes and labels lose
  the contact. Invited colleagues are other people and keep their rows, with the contact taken
  out; their links are revoked with the contact's. The export lists every respondent (names,
  emails, own answers, invitation and removal times, links by state and dates, never a token).
* **Access ends**: every client link is revoked and every session that holds their email
  (e.g. an intake confirmation not yet shown) is deleted.
* The organisation is kept: it is the client company, not a person.

Both actions leave a PrivacyAudit row (who, when, which contact id, counts only).
"""

import json
import re
from dataclasses import dataclass

import structlog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import (
    Answer,
    AnswerRevision,
    Assessment,
    CriteriaSet,
    Evaluation,
    GoldenCase,
    Questionnaire,
    Reconciliation,
    Report,
    Respondent,
    RespondentAnswer,
    SampleFingerprints,
    SampleUpload,
    WorkshopAttendee,
)
from assessments.selectors import content_definition, content_definition_forget
from assessments.services.evaluation import answers_hash
from discovery.models import (
    ClientLink,
    Contact,
    Engagement,
    EngagementEvent,
    InternalNote,
    OutgoingEmail,
    PrivacyAudit,
)
from web.refusals import Refused

logger = structlog.get_logger(__name__)

ERASED = "[erased contact]"
ERASED_LABEL = "Client (erased contact)"


class ErasureRefused(Refused):
    """The erasure was not confirmed (the typed email is not the contact's) or was done already."""


# --- Export -----------------------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def _answers(assessment: Assessment) -> list[dict]:
    return [
        {
            "question": answer.question_slug,
            "value": answer.value,
            "updated_at": _when(answer.updated_at),
            "updated_by": answer.updated_by_label or (answer.updated_by.get_full_name() if answer.updated_by else ""),
            "note": answer.note,
            "confidence": answer.confidence,
            "stakeholders_disagree": answer.stakeholders_disagree,
            "disagreement_detail": answer.disagreement_detail,
            "revisions": [
                {
                    "revision": r.revision,
                    "old_value": r.old_value,
                    "new_value": r.new_value,
                    "changed_at": _when(r.changed_at),
                    "changed_by": r.changed_by_label or (r.changed_by.get_full_name() if r.changed_by else ""),
                }
                for r in answer.revisions.all()
            ],
        }
        for answer in assessment.answers.all()
    ]


def _respondents(assessment: Assessment) -> list[dict]:
    """Everyone who answered the assessment through their own link: who they are, what each of
    them answered, when they were invited (or removed), their links by state and dates only, and
    how their disagreements were settled. Never a link's token or its hash."""
    rows = []
    for r in assessment.respondents.all():
        rows.append(
            {
                "id": r.pk,
                "name": r.name,
                "email": r.email,
                "role": r.role,
                "lead": r.is_lead,
                "sections": r.sections,
                "invited_by": r.invited_by_label,
                "invited_at": _when(r.created_at),
                "removed_at": _when(r.removed_at),
                "removed_by": r.removed_by_label,
                "answers": [
                    {"question": a.question_slug, "value": a.value, "updated_at": _when(a.updated_at)}
                    for a in r.answers.all()
                ],
                "links": [
                    {
                        "state": "usable" if link.is_usable else ("revoked" if link.revoked_at else "expired"),
                        "created_at": _when(link.created_at),
                        "expires_at": _when(link.expires_at),
                        "revoked_at": _when(link.revoked_at),
                        "last_used_at": _when(link.last_used_at),
                    }
                    for link in r.links.all()
                ],
            }
        )
    return rows


def _settlements(assessment: Assessment) -> list[dict]:
    return [
        {
            "question": s.question_slug,
            "value": s.value,
            "note": s.note,
            "positions": s.positions,
            "settled_by": s.settled_by_label,
            "settled_at": _when(s.settled_at),
        }
        for s in assessment.reconciliations.all()
    ]


def _engagement(engagement: Engagement) -> dict:
    return {
        "id": engagement.pk,
        "status": engagement.status,
        "source": engagement.source,
        "created_at": _when(engagement.created_at),
        "submitted_at": _when(engagement.submitted_at),
        "delivered_at": _when(engagement.delivered_at),
        "use_case_description": engagement.use_case_description,
        "requested_details": engagement.requested_details,
        # The timeline includes every email sent to them (link sent, resent, reissued).
        "events": [
            {"kind": e.kind, "message": e.message, "data": e.data, "created_at": _when(e.created_at)}
            for e in engagement.events.all()
        ],
        "notes": [{"text": n.text, "created_at": _when(n.created_at)} for n in engagement.notes.all()],
        # Links by their dates only: a token (or its hash) would be a working key, never exported.
        "client_links": [
            {
                "id": link.pk,
                "created_at": _when(link.created_at),
                "expires_at": _when(link.expires_at),
                "revoked_at": _when(link.revoked_at),
                "last_used_at": _when(link.last_used_at),
                "respondent": link.respondent_id,  # None: the contact's own link
            }
            for link in engagement.links.all()
        ],
        "assessments": [
            {
                "id": a.pk,
                "status": a.status,
                "created_at": _when(a.created_at),
                "submitted_at": _when(a.submitted_at),
                "answers": _answers(a),
                "workshop_attendees": [{"name": w.name, "role": w.role} for w in a.attendees.all()],
                "respondents": _respondents(a),
                "disagreements_settled": _settlements(a),
                # Report metadata; the report itself is the document they were sent.
                "reports": [
                    {
                        "number": r.number,
                        "status": r.status,
                        "created_at": _when(r.created_at),
                        "delivered_at": _when(r.delivered_at),
                        "verdict": r.override_verdict or (r.evaluation.verdict if r.evaluation else ""),
                        "has_pdf": bool(r.pdf),
                        "erased_at": _when(r.erased_at),
                    }
                    for r in a.reports.select_related("evaluation")
                ],
                # Uploaded files by what was kept of them: the raw file is never exported (nor kept).
                "uploaded_samples": [
                    {
                        "kind": u.kind,
                        "file_name": u.original_name,
                        "uploaded_by": u.uploaded_by_label,
                        "uploaded_at": _when(u.created_at),
                        "status": u.status,
                        "file_deleted_at": _when(u.file_deleted_at),
                        "findings": u.findings,
                    }
                    for u in a.samples.all()
                ],
            }
            for a in engagement.assessments.all()
        ],
    }


def contact_personal_data(contact: Contact) -> dict:
    """Everything stored about `contact`, as plain JSON-ready data."""
    engagements = contact.engagements.prefetch_related(
        "events",
        "notes",
        "links",
        "assessments__answers__revisions",
        "assessments__attendees",
        "assessments__samples",
        "assessments__respondents__answers",
        "assessments__respondents__links",
        "assessments__reconciliations",
    ).order_by("created_at", "pk")
    return {
        "contact": {
            "id": contact.pk,
            "name": contact.name,
            "email": contact.email,
            "role": contact.role,
            "consent_to_contact": contact.consent_to_contact,
            "created_at": _when(contact.created_at),
            "erased_at": _when(contact.erased_at),
        },
        "organisation": {
            "id": contact.organisation_id,
            "name": contact.organisation.name,
            "industry": contact.organisation.industry,
        },
        "engagements": [_engagement(e) for e in engagements],
    }


@transaction.atomic
def contact_export(*, contact: Contact, user) -> dict:
    """The contact's data for a subject-access request, with the export audited."""
    data = contact_personal_data(contact)
    data["exported_at"] = timezone.now().isoformat()
    PrivacyAudit.objects.create(
        action=PrivacyAudit.EXPORT,
        contact_id=contact.pk,
        actor=user,
        summary={"engagements": len(data["engagements"])},
    )
    return data


# --- Erasure ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    engagements: int
    answers_blanked: int
    reports_erased: int
    golden_cases_scrubbed: int
    links_revoked: int
    sessions_ended: int

    def as_summary(self) -> dict:
        return dict(self.__dict__)


def _scrubber(contact: Contact):
    """A function replacing the contact's email, full name, each part of the name and their role
    in text (case-insensitive, whole words) with ERASED; JSON values are scrubbed string by string.
    A name part that is also a common word goes too: erasing too much beats leaving them named."""
    parts = [contact.email, contact.name, contact.role, *contact.name.split()]
    words = sorted({p.strip() for p in parts if len(p.strip()) >= 2}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)

    def scrub(value):
        if isinstance(value, str):
            return pattern.sub(ERASED, value) if words else value
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        return value

    return scrub


def _kept_value(question, value):
    """An answer value as kept after erasure: choices, yes/no and numbers stay; any text is
    something the client typed and is blanked."""
    if value is None or isinstance(value, bool | int | float):
        return value
    choices = set(question.choice_values) if question else set()
    if isinstance(value, str):
        return value if value in choices else ""
    if isinstance(value, list) and all(isinstance(v, str) and v in choices for v in value):
        return value
    return ""


def _anonymise_assessment(assessment: Assessment, scrub) -> int:
    by_slug = content_definition(assessment.questionnaire).by_slug
    blanked = 0
    for answer in assessment.answers.all():
        question = by_slug.get(answer.question_slug)
        kept = _kept_value(question, answer.value)
        blanked += kept != answer.value
        Answer.objects.filter(pk=answer.pk).update(
            value=kept,
            note=scrub(answer.note),
            disagreement_detail=scrub(answer.disagreement_detail),
            updated_by_label=ERASED_LABEL if answer.updated_by_label else "",
        )
        for revision in answer.revisions.all():
            AnswerRevision.objects.filter(pk=revision.pk).update(
                old_value=_kept_value(question, revision.old_value),
                new_value=_kept_value(question, revision.new_value),
                changed_by_label=ERASED_LABEL if revision.changed_by_label else "",
            )
    for attendee in assessment.attendees.all():
        WorkshopAttendee.objects.filter(pk=attendee.pk).update(name=scrub(attendee.name), role=scrub(attendee.role))
    _anonymise_respondents(assessment, by_slug, scrub)
    # Evaluations are immutable against edits; erasure rewrites their copy of the answers the same
    # way (and the hash with it, so it can't confirm a guess of the erased text).
    for evaluation in assessment.evaluations.all():
        answers = {slug: _kept_value(by_slug.get(slug), v) for slug, v in evaluation.answers.items()}
        Evaluation.objects.filter(pk=evaluation.pk).update(
            answers=answers, answers_hash=answers_hash(answers), result=scrub(evaluation.result)
        )
    return blanked


def _anonymise_respondents(assessment: Assessment, by_slug: dict, scrub) -> None:
    """The contact as lead respondent loses name, email and role; every respondent's typed
    answers are blanked as the assessment's are; settlement notes and labels lose the contact.
    Invited colleagues are other people: their rows stay, with the contact taken out of them."""
    for respondent in Respondent.objects.filter(assessment=assessment):
        if respondent.is_lead:
            Respondent.objects.filter(pk=respondent.pk).update(name=ERASED_LABEL, email="", role="")
        else:
            Respondent.objects.filter(pk=respondent.pk).update(
                invited_by_label=scrub(respondent.invited_by_label),
                removed_by_label=scrub(respondent.removed_by_label),
            )
    for own in RespondentAnswer.objects.filter(respondent__assessment=assessment):
        RespondentAnswer.objects.filter(pk=own.pk).update(value=_kept_value(by_slug.get(own.question_slug), own.value))
    for settled in Reconciliation.objects.filter(assessment=assessment):
        question = by_slug.get(settled.question_slug)
        Reconciliation.objects.filter(pk=settled.pk).update(
            note=scrub(settled.note),
            settled_by_label=scrub(settled.settled_by_label),
            value=_kept_value(question, settled.value),
            positions={k: _kept_value(question, v) for k, v in settled.positions.items()},
        )


ERASED_TEXT = "[erased]"


def _kept_case_answers(by_slug: dict, answers: dict) -> dict:
    """A golden case's answers as kept: as `_kept_value`, but a blanked text reads ERASED_TEXT, so
    a required question stays answered and the case still checks the same decision."""
    kept = {slug: _kept_value(by_slug.get(slug), value) for slug, value in answers.items()}
    typed = {slug for slug, value in answers.items() if isinstance(value, str) and value and kept[slug] == ""}
    return {slug: ERASED_TEXT if slug in typed else value for slug, value in kept.items()}


def _erase_golden_cases(engagement: Engagement, scrub) -> int:
    """Scrub the golden cases copied from `engagement` (every version, frozen ones included) and
    their history: free-text answers blanked, the contact taken out of name and note."""
    cases = GoldenCase.objects.filter(source_engagement=engagement).select_related("criteria_set__questionnaire")
    for case in cases:
        by_slug = content_definition(case.criteria_set.questionnaire).by_slug
        GoldenCase.objects.filter(pk=case.pk).erase_client_text(
            answers=_kept_case_answers(by_slug, case.answers), name=scrub(case.name), note=scrub(case.note)
        )
        content_definition_forget(case.criteria_set)
    # History rows may belong to a draft since discarded: without its questionnaire every text
    # answer goes (erasing too much beats keeping the client's words).
    questionnaires = dict(CriteriaSet.objects.values_list("pk", "questionnaire"))
    for record in GoldenCase.history.filter(source_engagement=engagement):
        questionnaire_id = questionnaires.get(record.criteria_set_id)
        by_slug = content_definition(Questionnaire.objects.get(pk=questionnaire_id)).by_slug if questionnaire_id else {}
        GoldenCase.history.filter(pk=record.pk).update(
            answers=_kept_case_answers(by_slug, record.answers), name=scrub(record.name), note=scrub(record.note)
        )
    return len(cases)


def _erase_reports(assessment: Assessment, scrub, now) -> tuple[int, list[tuple]]:
    files = []
    reports = list(assessment.reports.all())
    for report in reports:
        if report.pdf:
            files.append((report.pdf.storage, report.pdf.name))
        if report.docx:  # the Word copy holds the same personal data as the PDF
            files.append((report.docx.storage, report.docx.name))
        Report.objects.filter(pk=report.pk).update(
            html="",
            pdf="",
            docx="",
            status=Report.ERASED,
            narrative=scrub(report.narrative),
            override_justification=scrub(report.override_justification),
            no_engineers_reason=scrub(report.no_engineers_reason),
            error="",
            erased_at=now,
        )
    return len(reports), files


def _erase_samples(assessment: Assessment, scrub, now) -> list[tuple]:
    files = []
    for sample in assessment.samples.all():
        if sample.file:
            files.append((sample.file.storage, sample.file.name))
        SampleUpload.objects.filter(pk=sample.pk).update(
            file="",
            file_deleted_at=sample.file_deleted_at or (now if sample.file else None),
            original_name=scrub(sample.original_name)[:200],
            uploaded_by_label=scrub(sample.uploaded_by_label)[:200],
        )
    SampleFingerprints.objects.filter(sample__assessment=assessment).delete()
    return files


def _delete_files(files: list[tuple]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # a file left behind must not undo a committed erasure; it is logged to clean up
            logger.exception("privacy.report_file_not_deleted", name=name)


def _end_sessions(email: str) -> int:
    """Delete sessions whose data holds the email (DB sessions are decoded one by one)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if email in json.dumps(session.get_decoded(), default=str).casefold():
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def contact_erase(*, contact: Contact, user, confirm_email: str) -> Erasure:
    """Erase `contact`'s personal data by the policy above. `confirm_email` must be their email
    (typed by the admin, as the confirmation step). Raises ErasureRefused otherwise."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at is not None:
        raise ErasureRefused("This contact's data was erased already.")
    if confirm_email.strip().casefold() != contact.email.casefold():
        raise ErasureRefused("The email typed is not this contact's; nothing was erased.")
    now = timezone.now()
    scrub = _scrubber(contact)
    email = contact.email.casefold()
    engagements = list(contact.engagements.all())
    blanked = reports = golden = 0
    files: list[tuple] = []
    for engagement in engagements:
        Engagement.objects.filter(pk=engagement.pk).update(requested_details={}, use_case_description="")
        golden += _erase_golden_cases(engagement, scrub)
        for event in engagement.events.all():
            EngagementEvent.objects.filter(pk=event.pk).update(message=scrub(event.message), data=scrub(event.data))
        for note in engagement.notes.all():
            InternalNote.objects.filter(pk=note.pk).update(text=scrub(note.text))
        # A mail server's error on an outbox email may quote the address it refused.
        for outgoing in engagement.emails.exclude(error=""):
            OutgoingEmail.objects.filter(pk=outgoing.pk).update(error=scrub(outgoing.error))
        for assessment in engagement.assessments.select_related("questionnaire"):
            blanked += _anonymise_assessment(assessment, scrub)
            erased, found = _erase_reports(assessment, scrub, now)
            reports += erased
            files += found + _erase_samples(assessment, scrub, now)
        EngagementEvent.objects.create(
            engagement=engagement,
            kind=EngagementEvent.Kind.CONTACT_ERASED,
            actor=user,
            message="Contact's personal data erased",
        )
    links = ClientLink.objects.filter(engagement__in=engagements, revoked_at__isnull=True)
    revoked = links.update(revoked_at=now, revoked_by=user)
    Contact.objects.filter(pk=contact.pk).update(
        name=f"Erased contact {contact.pk}",
        email=f"erased-{contact.pk}@erased.invalid",
        role="",
        consent_to_contact=False,
        erased_at=now,
    )
    # Other contacts' engagements may still mention them (a colleague's request, a shared note).
    others = InternalNote.objects.filter(engagement__organisation=contact.organisation).exclude(
        engagement__in=engagements
    )
    for note in others.filter(Q(text__icontains=contact.email) | Q(text__icontains=contact.name)):
        InternalNote.objects.filter(pk=note.pk).update(text=scrub(note.text))
    erasure = Erasure(
        engagements=len(engagements),
        answers_blanked=blanked,
        reports_erased=reports,
        golden_cases_scrubbed=golden,
        links_revoked=revoked,
        sessions_ended=_end_sessions(email),
    )
    PrivacyAudit.objects.create(
        action=PrivacyAudit.ERASE, contact_id=contact.pk, actor=user, summary=erasure.as_summary()
    )
    # Files go once the erasure is committed: a rolled-back erasure must not lose a report's PDF.
    transaction.on_commit(lambda: _delete_files(files))
    return erasure
