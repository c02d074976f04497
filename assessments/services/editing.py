"""Edits to a draft criteria set or questionnaire made in the editor. Every write goes through a
model save() (so simple_history records who changed what, and published versions refuse it).

Conditions are stored even when they don't validate yet: a draft may be broken while an admin
works on it, and the publishing gate (`VersionedContent.publish`) refuses to publish it.

A `*_remove` deletes a row from the draft; "retired" means only a version superseded by a newer one.
"""

import re

from django.db import transaction
from django.db.models import Max

from assessments.models import Choice, CriteriaSet, Criterion, GoldenCase, PolicyRule, Question, Questionnaire, Section
from web.refusals import Refused

CRITERION_FIELDS = ("title", "kind", "condition", "alternative", "rationale", "next_step")
POLICY_FIELDS = ("condition", "verdict", "explanation")


def refuse_overlong(instance) -> None:
    """Refuse text longer than its column (PostgreSQL would refuse it with an error page)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            raise EditRefused(
                f"The {field.verbose_name} is {len(value):,} characters long; at most {field.max_length:,} fit."
            )


def next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _free_slug(criteria_set: CriteriaSet, base: str) -> str:
    base = base[:70]  # a copy of a copy of … stays inside the 80-character slug with its suffix
    taken = set(criteria_set.criteria.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


def criterion_update(*, criterion: Criterion, data: dict) -> Criterion:
    """Set the given fields (only those in CRITERION_FIELDS) and save."""
    for name in CRITERION_FIELDS:
        if name in data:
            setattr(criterion, name, data[name])
    if criterion.kind != Criterion.AGAINST:
        criterion.alternative = ""
    refuse_overlong(criterion)
    criterion.save()
    return criterion


def criterion_add(*, criteria_set: CriteriaSet, kind: str) -> Criterion:
    """A new criterion of `kind` that never matches until its condition is written."""
    return Criterion.objects.create(
        criteria_set=criteria_set,
        slug=_free_slug(criteria_set, f"new_{kind}"),
        kind=kind,
        title="New criterion",
        condition="false",
        alternative="rag" if kind == Criterion.AGAINST else "",
        rationale="Say why this matters to the decision.",
        order=next_order(criteria_set.criteria),
    )


def criterion_duplicate(*, criterion: Criterion) -> Criterion:
    copy = Criterion.objects.create(
        criteria_set=criterion.criteria_set,
        slug=_free_slug(criterion.criteria_set, f"{criterion.slug}_copy"),
        **{name: getattr(criterion, name) for name in CRITERION_FIELDS},
        order=next_order(criterion.criteria_set.criteria),
    )
    return copy


def criterion_remove(*, criterion: Criterion) -> None:
    """Remove a criterion from the draft (the published versions keep theirs)."""
    criterion.delete()


def policy_rule_update(*, rule: PolicyRule, data: dict) -> PolicyRule:
    for name in POLICY_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    refuse_overlong(rule)
    rule.save()
    return rule


@transaction.atomic
def policy_rule_move(*, rule: PolicyRule, up: bool) -> None:
    """Swap a rule with its neighbour; order matters, as the first rule that holds decides."""
    _swap_with_neighbour(list(rule.criteria_set.policy_rules.order_by("order", "pk")), rule, up=up)


def golden_case_update(
    *, case: GoldenCase, expected_verdict: str, must_match: list[str], must_not_match: list[str], note: str
) -> GoldenCase:
    """Change what a golden case expects; the note says why (kept in the case and its history)."""
    case.expected_verdict = expected_verdict
    case.must_match = must_match
    case.must_not_match = must_not_match
    case.note = note
    case.save()
    return case


# --- Questionnaire drafts -------------------------------------------------------------------

QUESTION_FIELDS = ("prompt", "help_text", "visible_when")
SECTION_FIELDS = ("title", "intro")
_SLUG = re.compile(r"[a-z][a-z0-9_]{0,79}")


class EditRefused(Refused, ValueError):
    """An edit that would leave the draft unreadable (e.g. a duplicate slug); the message says why."""


def _check_slug(value: str, what: str) -> str:
    value = value.strip()
    if not _SLUG.fullmatch(value):
        raise EditRefused(f"{value!r} can't be a {what}: use lower-case letters, digits and _, starting with a letter.")
    return value


def _label(value: str) -> str:
    """A starting label for a choice value; two- and three-letter values are usually codes (EU, US)."""
    if len(value) <= 3 and value.isalpha():
        return value.upper()
    return value.replace("_", " ").capitalize()


def section_update(*, section: Section, data: dict) -> Section:
    for name in SECTION_FIELDS:
        if name in data:
            setattr(section, name, data[name].strip())
    if not section.title:
        raise EditRefused("A section needs a title.")
    refuse_overlong(section)
    section.save()
    return section


@transaction.atomic
def section_add(*, questionnaire: Questionnaire, slug: str, title: str) -> Section:
    """A new, empty section at the end of the questionnaire."""
    slug = _check_slug(slug, "section slug")
    if questionnaire.sections.filter(slug=slug).exists():
        raise EditRefused(f"There is already a section {slug}.")
    title = title.strip()
    if not title:
        raise EditRefused("A section needs a title.")
    section = Section(questionnaire=questionnaire, slug=slug, title=title, order=next_order(questionnaire.sections))
    refuse_overlong(section)
    section.save()
    return section


@transaction.atomic
def section_move(*, section: Section, up: bool) -> None:
    """Swap a section with its neighbour; its questions move with it (so visibility conditions
    that read a question now asked later are reported by the checks)."""
    _swap_with_neighbour(list(section.questionnaire.sections.order_by("order", "pk")), section, up=up)


def section_remove(*, section: Section) -> None:
    """Remove an empty section; one with questions is refused, so no question goes with it unnoticed."""
    count = section.questions.count()
    if count:
        raise EditRefused(f"{section.title} still has {count} question{'s' if count > 1 else ''}: remove them first.")
    if section.questionnaire.sections.count() <= 1:
        raise EditRefused("A questionnaire keeps at least one section.")
    section.delete()


def question_update(*, question: Question, data: dict, choice_labels: dict[int, str]) -> Question:
    """Set the question's text fields, required flag and choice labels (blank labels are ignored)."""
    for name in QUESTION_FIELDS:
        if name in data:
            setattr(question, name, data[name])
    if "required" in data:
        question.required = data["required"] == "on"
    refuse_overlong(question)
    changed = []
    for choice in question.choices.all():
        label = choice_labels.get(choice.pk, "").strip()
        if label and label != choice.label:
            choice.label = label
            refuse_overlong(choice)
            changed.append(choice)
    question.save()  # only once everything fits: a refused edit changes nothing
    for choice in changed:
        choice.save()
    return question


@transaction.atomic
def question_add(*, section: Section, slug: str, type: str, prompt: str, values: list[str]) -> Question:
    """A new question at the end of `section`; choice questions start with `values` as choices."""
    questionnaire = section.questionnaire
    slug = _check_slug(slug, "question slug")
    if questionnaire.questions.filter(slug=slug).exists():
        raise EditRefused(f"There is already a question {slug}.")
    if type not in dict(Question.TYPES):
        raise EditRefused("Choose the kind of answer the question takes.")
    choice_type = type in (Question.SINGLE_CHOICE, Question.MULTI_CHOICE)
    values = [_check_slug(v, "choice value") for v in values]
    twice = sorted({v for v in values if values.count(v) > 1})
    if twice:
        raise EditRefused(f"Each choice value is typed once; {', '.join(twice)} appears more than once.")
    if choice_type and len(values) < 2:
        raise EditRefused("A choice question needs at least two choices (values separated by spaces).")
    question = Question(
        questionnaire=questionnaire,
        section=section,
        slug=slug,
        type=type,
        prompt=prompt.strip() or "New question",
        required=False,
        order=next_order(section.questions),
    )
    refuse_overlong(question)
    question.save()
    for order, value in enumerate(values if choice_type else (), start=1):
        Choice.objects.create(question=question, value=value, label=_label(value), order=order)
    return question


def question_remove(*, question: Question) -> None:
    """Remove a question (and its choices) from the draft; published versions keep theirs."""
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swap a question with its neighbour in the same section."""
    _swap_with_neighbour(list(question.section.questions.order_by("order", "pk")), question, up=up)


def choice_add(*, question: Question, value: str, label: str) -> Choice:
    if question.type not in (Question.SINGLE_CHOICE, Question.MULTI_CHOICE):
        raise EditRefused(f"{question.slug} is not a choice question.")
    value = _check_slug(value, "choice value")
    if question.choices.filter(value=value).exists():
        raise EditRefused(f"{question.slug} already has the choice {value}.")
    return Choice.objects.create(
        question=question, value=value, label=label.strip() or _label(value), order=next_order(question.choices)
    )


def choice_remove(*, choice: Choice) -> None:
    if choice.question.choices.count() <= 2:
        raise EditRefused(f"{choice.question.slug} needs at least two choices; add another before removing this one.")
    choice.delete()


def criteria_set_retarget(*, criteria_set: CriteriaSet, questionnaire: Questionnaire) -> CriteriaSet:
    """Aim a draft criteria set at another version of its questionnaire (e.g. a new one with an
    added question). Its conditions and golden cases are then checked against that version."""
    if questionnaire.slug != criteria_set.questionnaire.slug:
        raise EditRefused(f"{questionnaire.slug} is not a version of {criteria_set.questionnaire.slug}.")
    criteria_set.questionnaire = questionnaire
    criteria_set.save()
    return criteria_set


def _swap_with_neighbour(items: list, item, *, up: bool) -> None:
    """Swap `item` with the one before (or after) it and renumber `order` consecutively, saving only what moved."""
    i = items.index(item)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(items):
        return
    items[i], items[j] = items[j], items[i]
    # Renumber from the lowest order in use (copies number from 0), so only the two that swapped
    # are saved and the history lists just that move.
    for position, each in enumerate(items, start=min(each.order for each in items)):
        if each.order != position:
            each.order = position
            each.save(update_fields=["order"])
