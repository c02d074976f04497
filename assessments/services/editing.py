"""Edits to a draft criteria set made in the editor. Every write goes through a model save()
(so simple_history records who changed what, and published versions refuse the change).

Conditions are stored even when they don't validate yet: a draft may be broken while an admin
works on it, and the publishing gate (services/publishing.py) refuses to publish it.
"""

from django.db import transaction
from django.db.models import Max

from assessments.models import CriteriaSet, Criterion, GoldenCase, PolicyRule

CRITERION_FIELDS = ("title", "kind", "condition", "alternative", "rationale", "next_step")
POLICY_FIELDS = ("condition", "verdict", "explanation")


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _free_slug(criteria_set: CriteriaSet, base: str) -> str:
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
        order=_next_order(criteria_set.criteria),
    )


def criterion_duplicate(*, criterion: Criterion) -> Criterion:
    copy = Criterion.objects.create(
        criteria_set=criterion.criteria_set,
        slug=_free_slug(criterion.criteria_set, f"{criterion.slug}_copy"),
        **{name: getattr(criterion, name) for name in CRITERION_FIELDS},
        order=_next_order(criterion.criteria_set.criteria),
    )
    return copy


def criterion_retire(*, criterion: Criterion) -> None:
    """Remove a criterion from the draft (the published versions keep theirs)."""
    criterion.delete()


def policy_rule_update(*, rule: PolicyRule, data: dict) -> PolicyRule:
    for name in POLICY_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    rule.save()
    return rule


@transaction.atomic
def policy_rule_move(*, rule: PolicyRule, up: bool) -> None:
    """Swap a rule with its neighbour; order matters, as the first rule that holds decides."""
    rules = list(rule.criteria_set.policy_rules.order_by("order", "pk"))
    i = rules.index(rule)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(rules):
        return
    rules[i], rules[j] = rules[j], rules[i]
    for position, item in enumerate(rules, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


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
