"""Who changed what in one content version: its rows' django-simple-history records, readable.

Every editor save goes through a model save(), so each autosave of a draft leaves a record here;
the editor's History page lists them for the version being looked at.
"""

from dataclasses import dataclass
from datetime import datetime
from heapq import merge

from assessments.engine import FieldChange
from assessments.models import Choice, CriteriaSet, Criterion, GoldenCase, PolicyRule, Question, Questionnaire, Section

_ACTIONS = {"+": "created", "~": "changed", "-": "removed"}
# Bookkeeping columns no one needs to read about (the versions table names who published).
_SKIP = frozenset(
    ("id", "order", "questionnaire", "criteria_set", "question", "section", "created_at", "created_by", "published_by")
)
# A new version's rows are created by one copy or import (services/publishing.py marks those records
# with why they exist); the version's own "created" line stands for all of them.
MADE_BY_COPY = "made with the version"


@dataclass(frozen=True)
class ContentChange:
    at: datetime
    user: object
    action: str  # created | changed | removed
    part: str  # "criterion", "question", ...
    name: str  # the row's slug, name or value
    fields: tuple[FieldChange, ...] = ()  # for "changed"


def history_querysets(version):
    """(part label, name attribute, historical queryset) for every kind of row in `version`,
    the version itself first."""
    if isinstance(version, CriteriaSet):
        return [
            ("criteria set", "version", CriteriaSet.history.filter(id=version.pk)),
            ("criterion", "slug", Criterion.history.filter(criteria_set_id=version.pk)),
            ("policy rule", "slug", PolicyRule.history.filter(criteria_set_id=version.pk)),
            ("golden case", "name", GoldenCase.history.filter(criteria_set_id=version.pk)),
        ]
    question_ids = Question.history.filter(questionnaire_id=version.pk).values("id")
    return [
        ("questionnaire", "version", Questionnaire.history.filter(id=version.pk)),
        ("section", "slug", Section.history.filter(questionnaire_id=version.pk)),
        ("question", "slug", Question.history.filter(questionnaire_id=version.pk)),
        ("choice", "value", Choice.history.filter(question_id__in=question_ids)),
    ]


def _changes(part: str, name: str, records, own: bool) -> list[ContentChange]:
    changes = []
    for record in records:
        if record.history_change_reason == MADE_BY_COPY and not (own and record.history_type == "+"):
            continue
        fields = ()
        if record.history_type == "~":
            previous = record.prev_record
            if previous is None:
                continue
            delta = record.diff_against(previous)
            fields = tuple(FieldChange(c.field, c.old, c.new) for c in delta.changes if c.field not in _SKIP)
            if not fields:
                continue  # only the order moved, or a save that changed nothing
        changes.append(
            ContentChange(
                at=record.history_date,
                user=record.history_user,
                action=_ACTIONS.get(record.history_type, record.history_type),
                part=part,
                name=f"v{record.version}" if own else getattr(record, name),
                fields=fields,
            )
        )
    return changes


def content_changes(version: Questionnaire | CriteriaSet, *, limit: int = 200) -> list[ContentChange]:
    """The newest `limit` changes to `version` and its rows, newest first."""
    lists = []
    for i, (part, name, records) in enumerate(history_querysets(version)):
        newest = records.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        lists.append(_changes(part, name, newest, own=i == 0))
    return list(merge(*lists, key=lambda c: c.at, reverse=True))[:limit]
