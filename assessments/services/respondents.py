"""Several respondents to one assessment: adding them, saving each one's answers, and settling
their disagreements.

Each respondent's answers are their own rows (RespondentAnswer). The assessment's `Answer`, the one
every evaluation reads, is derived from them question by question (`merged_value`):

* nobody answered → no answer;
* everyone who answered gave the same value → that value;
* they differ → no answer (the engine reads the question as unanswered, so a verdict that depends
  on it is undecided), unless a reconciliation settled exactly these positions → the value picked.

Derived answers are written through `answers_save`, so revisions, the stale-save check and the
"submitted" lock are the ones every other answer goes through.
"""

import json

from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, Reconciliation, Respondent, RespondentAnswer
from assessments.selectors import content_definition, respondent_positions
from assessments.services.answers import SUBMITTED, AnswerRejected, SavedAnswers, _checked, answer_save, answers_save
from web.refusals import Refused


class RespondentRefused(Refused):
    """A respondent can't be added, or a disagreement can't be settled this way; the message says why."""


def _key(value) -> str:
    return json.dumps(value, sort_keys=True)


def merged_value(positions: dict[int, object], reconciliation: Reconciliation | None):
    """The assessment's answer for one question given each respondent's value (id → value, None
    values left out) and the newest reconciliation of that question, if any."""
    distinct = {_key(v): v for v in positions.values()}
    if len(distinct) <= 1:
        return next(iter(distinct.values()), None)
    if reconciliation is not None and reconciliation.settles(positions):
        return reconciliation.value
    return None


def respondent_lead(*, assessment: Assessment, name: str, email: str = "", role: str = "") -> Respondent:
    """The assessment's lead respondent (the engagement's contact), created on first use with the
    answers already stored as their own, so a colleague's different answer shows as a
    disagreement rather than silently replacing what the lead gave before invitations existed."""
    lead = Respondent.objects.filter(assessment=assessment, is_lead=True).first()
    if lead is not None:  # the usual case, outside a transaction: one query
        return lead
    with transaction.atomic():
        return _respondent_lead_create(assessment=assessment, name=name, email=email, role=role)


def _respondent_lead_create(*, assessment: Assessment, name: str, email: str, role: str) -> Respondent:
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    lead, created = Respondent.objects.get_or_create(
        assessment=assessment, is_lead=True, defaults={"name": name or "Lead respondent", "email": email, "role": role}
    )
    if created:
        RespondentAnswer.objects.bulk_create(
            RespondentAnswer(respondent=lead, question_slug=a.question_slug, value=a.value, updated_at=a.updated_at)
            for a in Answer.objects.filter(assessment=assessment, value__isnull=False)
        )
    return lead


@transaction.atomic
def respondent_add(
    *, assessment: Assessment, name: str, email: str, role: str = "", sections=(), invited_by_label: str
) -> Respondent:
    """Add a colleague to an open assessment, optionally limited to some sections.

    Refused (RespondentRefused) once the answers are submitted, for an unknown section, and for an
    address already answering this assessment (one person, one set of answers).
    """
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True)
    if locked.first() != Assessment.OPEN:
        raise RespondentRefused("These answers were submitted: nobody new can be invited to them.")
    name, email = name.strip(), email.strip().lower()
    if not name or not email:
        raise RespondentRefused("Give the colleague's name and email address.")
    known = {s.slug for s in content_definition(assessment.questionnaire).sections}
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise RespondentRefused(f"Unknown section: {', '.join(unknown)}.")
    # A removed colleague may be invited again: a new respondent, their old answers kept as history.
    if Respondent.objects.filter(assessment=assessment, email=email, removed_at__isnull=True).exists():
        raise RespondentRefused(f"{email} is already answering this assessment.")
    return Respondent.objects.create(
        assessment=assessment,
        name=name,
        email=email,
        role=role.strip(),
        sections=list(sections),
        invited_by_label=invited_by_label,
    )


def _merge(assessment: Assessment, slugs) -> dict:
    """The derived answer of each slug in `slugs` (None: no answer), from every respondent."""
    positions = respondent_positions(assessment, slugs=slugs)
    disputed = [s for s, by in positions.items() if len({_key(v) for v in by.values()}) > 1]
    latest = {}
    # Reconciliations matter only where respondents differ (the usual save has none to read).
    for r in Reconciliation.objects.filter(assessment=assessment, question_slug__in=disputed).order_by("settled_at"):
        latest[r.question_slug] = r
    return {slug: merged_value(positions.get(slug, {}), latest.get(slug)) for slug in slugs}


@transaction.atomic
def respondent_answers_save(*, respondent: Respondent, values: dict, label: str) -> SavedAnswers:
    """Store one respondent's answers (a section of their page) and re-derive the assessment's.

    1. Lock the assessment; refuse (AnswerRejected) once it is submitted.
    2. Check each value as every answer is checked; a question outside the respondent's sections
       is refused for that slug. Refused values are reported in `errors`, the rest saved.
    3. Write the respondent's own rows (only values that changed; an empty value clears theirs).
    4. Derive the assessment's answer of each slug touched and save those through `answers_save`
       (questions the derived answers hide are ignored there, as for a single client).
    """
    assessment = respondent.assessment
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True)
    if status.first() != Assessment.OPEN:
        raise AnswerRejected(SUBMITTED)
    definition = content_definition(assessment.questionnaire)
    section_of = {q.slug: s.slug for s in definition.sections for q in s.questions}
    errors, wanted = {}, {}
    for slug, value in values.items():
        try:
            checked = _checked(definition, slug, value)
        except AnswerRejected as exc:
            errors[slug] = str(exc)
            continue
        if not respondent.answers_section(section_of[slug]):
            errors[slug] = "You were asked to answer other sections; this one is for your colleagues."
            continue
        wanted[slug] = checked
    own = {a.question_slug: a for a in RespondentAnswer.objects.filter(respondent=respondent, question_slug__in=wanted)}
    now = timezone.now()
    for slug, value in wanted.items():
        row = own.get(slug)
        if row is None:
            if value is not None:
                RespondentAnswer.objects.create(respondent=respondent, question_slug=slug, value=value, updated_at=now)
        elif row.value != value:
            row.value, row.updated_at = value, now
            row.save(update_fields=["value", "updated_at"])
    # An answer a consultant set in a workshop is theirs now: the respondent's own answer is kept
    # (and shown to the consultant as a difference), but it doesn't replace the consultant's.
    held = set(
        Answer.objects.filter(assessment=assessment, question_slug__in=list(wanted), set_in_workshop=True).values_list(
            "question_slug", flat=True
        )
    )
    derived = _merge(assessment, [slug for slug in wanted if slug not in held])
    saved = answers_save(assessment=assessment, values=derived, label=label)
    saved.errors.update(errors)
    return saved


@transaction.atomic
def respondent_remove(*, respondent: Respondent, label: str) -> list[str]:
    """Take a colleague off an open assessment; returns the slugs whose answer was derived again.

    1. Lock the assessment; refuse once submitted (the submitted answers are the record the review
       and the report were made from), for the lead respondent (the contact, who submits), and
       for someone already removed.
    2. Stamp the respondent removed (who, when). Their own answers stay, as history: from now on
       they count for nothing (no agreement, no disagreement, no settlement's positions).
    3. Derive again the assessment's answer of every question they had answered, through
       `answers_save` (a question left disputed only by them now has the others' answer), except
       answers a consultant set in a workshop.
    The link is the engagement side's to revoke (discovery/engagements/services/respondents.py).
    """
    assessment = respondent.assessment
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True)
    if status.first() != Assessment.OPEN:
        raise RespondentRefused("These answers were submitted: who answered them can no longer change.")
    respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
    if respondent.is_lead:
        raise RespondentRefused("The lead respondent can't be removed: they are the one who submits the answers.")
    if respondent.is_removed:
        raise RespondentRefused(f"{respondent.name} was removed already.")
    respondent.removed_at, respondent.removed_by_label = timezone.now(), label
    respondent.save(update_fields=["removed_at", "removed_by_label"])
    theirs = list(respondent.answers.filter(value__isnull=False).values_list("question_slug", flat=True))
    held = set(
        Answer.objects.filter(assessment=assessment, question_slug__in=theirs, set_in_workshop=True).values_list(
            "question_slug", flat=True
        )
    )
    slugs = [slug for slug in theirs if slug not in held]
    answers_save(assessment=assessment, values=_merge(assessment, slugs), label=label, only_visible=False)
    return slugs


def respondent_own_answers(respondent: Respondent) -> dict:
    """The respondent's own answers: slug → value."""
    return {a.question_slug: a.value for a in respondent.answers.all() if a.value is not None}


@transaction.atomic
def disagreement_resolve(
    *, assessment: Assessment, slug: str, value, note: str, label: str, user=None, allow_submitted: bool = False
) -> Reconciliation:
    """Settle the disagreement on `slug` by picking one respondent's answer, with a note.

    1. Lock the assessment. Refuse once submitted (a consultant in a workshop held on submitted
       answers passes allow_submitted).
    2. Refuse when the respondents agree (nothing to settle), when `value` is not one of their
       answers, or without a note saying why.
    3. Keep the reconciliation with the positions it settles, then store the picked value as the
       assessment's answer (one revision, by `label`).
    """
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True)
    if status.first() != Assessment.OPEN and not allow_submitted:
        raise RespondentRefused("These answers were submitted and can no longer be changed.")
    positions = respondent_positions(assessment, slugs=[slug]).get(slug, {})
    distinct = {_key(v) for v in positions.values()}
    if len(distinct) < 2:
        raise RespondentRefused("The respondents agree on this question: there is nothing to settle.")
    value = _checked(content_definition(assessment.questionnaire), slug, value)
    if _key(value) not in distinct:
        raise RespondentRefused("Pick one of the respondents' answers.")
    note = (note or "").strip()
    if not note:
        raise RespondentRefused("Say in a note why this answer was picked: the report shows it.")
    reconciliation = Reconciliation.objects.create(
        assessment=assessment,
        question_slug=slug,
        value=value,
        note=note,
        positions={str(k): v for k, v in positions.items()},
        settled_by=user,
        settled_by_label=label,
    )
    answer = answer_save(
        assessment=assessment,
        slug=slug,
        value=value,
        user=user,
        label=f"{label}, settling a disagreement",
        allow_submitted=True,
    )
    if answer.set_in_workshop:  # settled: the respondents' answers decide it again
        answer.set_in_workshop = False
        answer.save(update_fields=["set_in_workshop"])
    return reconciliation


def answers_confirm(*, assessment: Assessment, slugs) -> int:
    """Mark carried-over answers as confirmed (their value stays); returns how many were."""
    return Answer.objects.filter(assessment=assessment, question_slug__in=list(slugs)).update(carried_over_from=None)
