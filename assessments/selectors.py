"""Reads: which content is published, content as the engine sees it, who changed what, and where
several respondents disagree.

Nothing here writes; services call these, and these call only the models and the engine.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from heapq import merge

from django.db.models import Q
from django.utils import timezone

from assessments import engine, samples
from assessments.engine import FieldChange
from assessments.models import (
    Answer,
    Assessment,
    BaselineRun,
    Choice,
    CriteriaSet,
    Criterion,
    Evaluation,
    GoldenCase,
    ModelConnection,
    PolicyRule,
    ProviderProfile,
    Question,
    Questionnaire,
    Reconciliation,
    Respondent,
    RespondentAnswer,
    SampleUpload,
    Section,
    VersionStatus,
)

DEFAULT_QUESTIONNAIRE = "fine-tuning-readiness"
DEFAULT_CRITERIA_SET = "fine-tuning-criteria"

# Published and retired versions never change, so their engine definitions can be kept for the
# life of the process. Drafts are rebuilt every time (they are edited). The key includes the
# publication time because a primary key alone can be reused (SQLite after a rolled-back insert).
_frozen_definitions: dict[tuple, object] = {}


class NothingPublished(Exception):
    """No published version exists for the slug asked for (a setup problem, not user error)."""


def published_questionnaire(slug: str = DEFAULT_QUESTIONNAIRE) -> Questionnaire:
    version = Questionnaire.objects.filter(slug=slug, status=VersionStatus.PUBLISHED).first()
    if version is None:
        raise NothingPublished(f"No published questionnaire '{slug}'.")
    return version


def published_criteria_set(slug: str = DEFAULT_CRITERIA_SET) -> CriteriaSet:
    version = (
        CriteriaSet.objects.select_related("questionnaire").filter(slug=slug, status=VersionStatus.PUBLISHED).first()
    )
    if version is None:
        raise NothingPublished(f"No published criteria set '{slug}'.")
    return version


def content_open_draft(model, slug: str):
    """The one open draft of `slug` (a Questionnaire or CriteriaSet model), or None."""
    return model.objects.filter(slug=slug, status=VersionStatus.DRAFT).first()


def evaluation_golden_target(evaluation) -> tuple[CriteriaSet | None, CriteriaSet]:
    """Where "save as golden case" puts an evaluation: (the open draft of the criteria set it was
    evaluated with, or None; the version a new draft would copy: the published one, else that one)."""
    evaluated = evaluation.criteria_set
    source = CriteriaSet.objects.filter(slug=evaluated.slug, status=VersionStatus.PUBLISHED).first() or evaluated
    return content_open_draft(CriteriaSet, evaluated.slug), source


def content_definition(version: Questionnaire | CriteriaSet) -> engine.Questionnaire | engine.CriteriaSet:
    """The engine's view of a stored questionnaire or criteria set version (an
    engine.Questionnaire or engine.CriteriaSet); kept for the process once it left draft."""
    key = (type(version).__name__, version.pk, version.version, version.published_at)
    if not version.is_draft and key in _frozen_definitions:
        return _frozen_definitions[key]
    definition = version.to_definition()
    if not version.is_draft:
        _frozen_definitions[key] = definition
    return definition


def content_definition_forget(version: Questionnaire | CriteriaSet) -> None:
    """Drop this process's kept definition of `version`: an erasure rewrote its golden cases
    (discovery/privacy/services.py), the one change a frozen version takes."""
    for key in [k for k in _frozen_definitions if k[:2] == (type(version).__name__, version.pk)]:
        _frozen_definitions.pop(key, None)


def definitions_for(criteria_set: CriteriaSet) -> tuple[engine.Questionnaire, engine.CriteriaSet]:
    """Both definitions an evaluation needs: the criteria set and the questionnaire it targets."""
    return content_definition(criteria_set.questionnaire), content_definition(criteria_set)


def report_newer_criteria_set(report) -> CriteriaSet | None:
    """The criteria set published now under the slug `report` was evaluated with, when that is a
    different version that would change something the report shows (see `_report_shows`); None
    when the report is current, has no evaluation yet, or the new version changes nothing it shows
    (a new title, a criterion it doesn't match reworded)."""
    if report.evaluation_id is None:
        return None
    evaluation = report.evaluation
    made_with = evaluation.criteria_set
    current = CriteriaSet.objects.filter(slug=made_with.slug, status=VersionStatus.PUBLISHED).first()
    if current is None or current.pk == made_with.pk:
        return None
    questionnaire, definition = definitions_for(current)
    answers = evaluation.answers
    if evaluation.questionnaire_id != current.questionnaire_id:
        # Answers made for another questionnaire version: keep what this one accepts, as the
        # impact analysis does.
        answers = engine.validate_answers(questionnaire, answers).answers
    facts = evaluation.result.get("facts") or None
    again = engine.evaluate(questionnaire, definition, answers, facts).to_dict()
    before = _report_shows(evaluation.result, content_definition(made_with))
    return current if _report_shows(again, definition) != before else None


def _report_shows(result: dict, definition: engine.CriteriaSet) -> list:
    """What a report shows of an evaluation under its criteria (assessments/reports/html.py): the
    verdict, approaches, the deciding rule's explanation and next steps; the scorecard (each
    criterion's title, kind and whether it matched); and for each match its rationale, alternative
    and evidence. Two evaluations that agree on this read the same, whatever else changed."""
    criteria = {c.slug: c for c in definition.criteria}
    rows = []
    for row in result["criteria"]:
        criterion = criteria.get(row["slug"])
        shown = [row["slug"], row["kind"], row["matched"], criterion.title if criterion else ""]
        if row["matched"]:
            shown += [criterion.rationale, criterion.alternative, row["evidence"]] if criterion else [row["evidence"]]
        rows.append(shown)
    decided_by = result.get("decided_by", {})
    return [
        result["verdict"],
        list(result["approaches"]),
        decided_by.get("rule"),
        decided_by.get("explanation"),
        list(result.get("next_steps", [])),
        rows,
    ]


def report_is_outdated(report) -> bool:
    """Whether `report` was made with a criteria set other than the one published now for its
    slug (regenerating evaluates the answers again with the current version; the old report and
    its evaluation stay as they were)."""
    return report_newer_criteria_set(report) is not None


# --- content history --------------------------------------------------------------------------
# Who changed what in one content version: its rows' django-simple-history records, readable.
# Every editor and admin save goes through a model save(), so each autosave of a draft leaves a
# record; the editor's History page and the admin's history page both list them from here.

_ACTIONS = {"+": "created", "~": "changed", "-": "removed"}
# Bookkeeping columns no one needs to read about (the versions table names who published).
_SKIP = frozenset(
    (
        "id",
        "order",
        "questionnaire",
        "criteria_set",
        "question",
        "section",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    )
)
# A new version's rows are created by one copy or import (services/publishing.py marks those records
# with why they exist); the version's own "created" line stands for all of them.
MADE_BY_COPY = "made with the version"
# Parts whose order is part of the content; a change of position alone is listed as "moved".
_ORDERED = frozenset(("policy rule", "question", "section", "criterion"))


@dataclass(frozen=True)
class ContentChange:
    at: datetime
    user: object
    action: str  # created | changed | moved | removed
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
        action = "changed"
        if record.history_change_reason == MADE_BY_COPY and not (own and record.history_type == "+"):
            continue
        fields = ()
        if record.history_type == "~":
            previous = record.prev_record
            if previous is None:
                continue
            delta = record.diff_against(previous)
            fields = tuple(FieldChange(c.field, c.old, c.new) for c in delta.changes if c.field not in _SKIP)
            moved = [c for c in delta.changes if c.field == "order"]
            if not fields and moved and part in _ORDERED:
                # A reorder matters: the first policy rule that holds decides the verdict.
                action, fields = "moved", (FieldChange("position", moved[0].old, moved[0].new),)
            elif not fields:
                continue  # a save that changed nothing anyone reads
        changes.append(
            ContentChange(
                at=record.history_date,
                user=record.history_user,
                action=action if record.history_type == "~" else _ACTIONS.get(record.history_type, record.history_type),
                part=part,
                name=f"v{record.version}" if own else getattr(record, name),
                fields=fields,
            )
        )
    return changes


def content_changes(
    version: Questionnaire | CriteriaSet, *, limit: int = 200, rows_only: bool = False
) -> list[ContentChange]:
    """The newest `limit` changes to `version` and its rows, newest first; with `rows_only`,
    the changes to its rows alone (the admin lists the version's own history above them)."""
    lists = []
    for i, (part, name, records) in enumerate(history_querysets(version)):
        if rows_only and i == 0:
            continue
        newest = records.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        lists.append(_changes(part, name, newest, own=i == 0))
    return list(merge(*lists, key=lambda c: c.at, reverse=True))[:limit]


# --- Uploaded samples ------------------------------------------------------------------------


def samples_latest(assessment) -> dict[str, SampleUpload]:
    """The newest upload of each kind ("training", "eval") for ``assessment``, whatever its status."""
    latest: dict[str, SampleUpload] = {}
    for sample in SampleUpload.objects.filter(assessment=assessment).order_by("-created_at", "-pk"):
        latest.setdefault(sample.kind, sample)
    return latest


def samples_uploaded(assessment) -> list[SampleUpload]:
    """Every upload for ``assessment``, newest first (the file list on consultants' pages)."""
    return list(SampleUpload.objects.filter(assessment=assessment).order_by("-created_at", "-pk"))


def assessment_measured_facts(assessment) -> dict:
    """The measured facts the decision uses: those of the latest analysed training sample and
    the latest analysed eval set (a newer upload still being analysed doesn't count yet), and
    those of the latest finished baseline run."""
    facts: dict = {}
    analysed = SampleUpload.objects.filter(assessment=assessment, status=SampleUpload.ANALYSED)
    for kind in (SampleUpload.TRAINING, SampleUpload.EVAL):
        newest = analysed.filter(kind=kind).order_by("-created_at", "-pk").first()
        if newest is not None:
            facts |= newest.facts
    run = baseline_run_used(assessment)
    if run is not None:
        facts |= run.facts
    return facts


# --- Baseline runs ---------------------------------------------------------------------------


def baseline_run_used(assessment) -> BaselineRun | None:
    """The run whose facts the decision reads: the newest finished one that graded something."""
    runs = BaselineRun.objects.filter(assessment=assessment, status=BaselineRun.FINISHED).exclude(facts={})
    return runs.order_by("-finished_at", "-pk").first()


# The questions (questionnaire v2 on) whose answers pre-fill a baseline run: the client's current
# system prompt, and their quality target (a choice of percentages, or "unknown").
SYSTEM_PROMPT_QUESTION, QUALITY_TARGET_QUESTION = "current_system_prompt", "quality_target"


def baseline_stated_inputs(assessment) -> dict:
    """What the client said a baseline run should use, as the run form's initial values: "target"
    (a whole percentage) and "client_prompt", each only when answered (a target of "We haven't
    decided" is not a number, so it is left for the consultant)."""
    answers = assessment.answer_values()
    stated = {}
    target = answers.get(QUALITY_TARGET_QUESTION)
    if isinstance(target, str) and target.isdigit() and 1 <= int(target) <= 100:
        stated["target"] = int(target)
    prompt = answers.get(SYSTEM_PROMPT_QUESTION)
    if isinstance(prompt, str) and prompt.strip():
        stated["client_prompt"] = prompt
    return stated


def baseline_runs(assessment) -> list[BaselineRun]:
    return list(BaselineRun.objects.filter(assessment=assessment).select_related("connection")[:20])


def baseline_connections() -> list[ModelConnection]:
    """Active connections consultants may run against."""
    return list(ModelConnection.objects.filter(active=True))


def samples_analysed_as_of(assessment, when) -> dict[str, SampleUpload]:
    """The newest upload of each kind that was analysed by ``when`` (a report's evaluation
    time), so a report shows the findings its verdict was made from."""
    analysed = SampleUpload.objects.filter(assessment=assessment, status=SampleUpload.ANALYSED)
    if when is not None:
        analysed = analysed.filter(analysed_at__lte=when)
    latest: dict[str, SampleUpload] = {}
    for sample in analysed.order_by("-analysed_at", "-pk"):
        latest.setdefault(sample.kind, sample)
    return latest


def provider_profiles() -> tuple:
    """The provider profiles analyses, training paths and reports use: the admin-edited rows
    (with their figures' sources), or the shipped file's when there are none."""
    rows = tuple(row.to_profile() for row in ProviderProfile.objects.prefetch_related("figures"))
    return rows or samples.default_profiles()


def respondent_positions(assessment, slugs=None) -> dict[str, dict[int, object]]:
    """What each current respondent answered: slug → {respondent id → value}, empty answers left out."""
    # A removed respondent's answers are history: they no longer count for or against anything.
    rows = RespondentAnswer.objects.filter(
        respondent__assessment=assessment, respondent__removed_at__isnull=True, value__isnull=False
    )
    if slugs is not None:
        rows = rows.filter(question_slug__in=list(slugs))
    positions: dict[str, dict[int, object]] = {}
    for slug, respondent_id, value in rows.values_list("question_slug", "respondent_id", "value"):
        positions.setdefault(slug, {})[respondent_id] = value
    return positions


@dataclass
class Disagreement:
    """Respondents who gave different answers to one question, and how (if) it was settled.

    `positions` is [(respondent, value, value in words)] in respondent order; `reconciliation` is
    the settlement of exactly these positions, None while the question is disputed."""

    question: engine.Question
    positions: list
    reconciliation: Reconciliation | None

    @property
    def is_open(self) -> bool:
        return self.reconciliation is None

    @property
    def slug(self) -> str:
        return self.question.slug

    def choices(self) -> list[tuple[object, str, list]]:
        """Each distinct answer given: (value, in words, the respondents who gave it)."""
        grouped: dict[str, tuple] = {}
        for respondent, value, words in self.positions:
            key = json.dumps(value, sort_keys=True)
            grouped.setdefault(key, (value, words, []))[2].append(respondent)
        return list(grouped.values())


def assessment_disagreements(assessment) -> list[Disagreement]:
    """Every question the respondents answered differently, in questionnaire order, settled or not.

    Only visible questions count (an answer to a hidden question is ignored everywhere); a
    reconciliation counts only for the positions it settled (see assessments/services/respondents.py).
    """
    positions = respondent_positions(assessment)
    disputed = {
        slug: by for slug, by in positions.items() if len({json.dumps(v, sort_keys=True) for v in by.values()}) > 1
    }
    if not disputed:
        return []
    definition = content_definition(assessment.questionnaire)
    shown = set(engine.visible_slugs(definition, assessment.answer_values()))
    respondents = {r.pk: r for r in Respondent.objects.filter(assessment=assessment)}
    order = {r_id: i for i, r_id in enumerate(respondents)}
    latest: dict[str, Reconciliation] = {}
    for r in Reconciliation.objects.filter(assessment=assessment, question_slug__in=list(disputed)).order_by(
        "settled_at", "pk"
    ):
        latest[r.question_slug] = r
    found = []
    for question in (q for s in definition.sections for q in s.questions):
        by = disputed.get(question.slug)
        if by is None or question.slug not in shown:
            continue
        settled = latest.get(question.slug)
        if settled is not None and not settled.settles(by):
            settled = None
        rows = [
            (respondents[r_id], value, engine.answer_text(question, value))
            for r_id, value in sorted(by.items(), key=lambda item: order.get(item[0], 0))
        ]
        found.append(Disagreement(question, rows, settled))
    return found


@dataclass
class WorkshopDifference:
    """A question a consultant answered in a workshop that a respondent has answered differently
    since: the consultant's answer stands; `later` is [(respondent, answer in words, when)]."""

    question: engine.Question
    answer: str
    set_by: str
    set_at: datetime
    later: list


def workshop_answer_differences(assessment) -> list[WorkshopDifference]:
    """Each answer set in a workshop that a current respondent changed to something else after it
    was set, in questionnaire order: what the consultant is shown instead of a silent overwrite."""
    held = {a.question_slug: a for a in Answer.objects.filter(assessment=assessment, set_in_workshop=True)}
    if not held:
        return []
    later: dict[str, list] = {}
    rows = RespondentAnswer.objects.filter(
        respondent__assessment=assessment,
        respondent__removed_at__isnull=True,
        question_slug__in=list(held),
        value__isnull=False,
    ).select_related("respondent")
    for row in rows:
        answer = held[row.question_slug]
        if row.updated_at > answer.updated_at and row.value != answer.value:
            later.setdefault(row.question_slug, []).append(row)
    if not later:
        return []
    definition = content_definition(assessment.questionnaire)
    found = []
    for question in (q for s in definition.sections for q in s.questions):
        if question.slug in later:
            answer = held[question.slug]
            found.append(
                WorkshopDifference(
                    question=question,
                    answer=engine.answer_text(question, answer.value),
                    set_by=answer.updated_by_label,
                    set_at=answer.updated_at,
                    later=[
                        (r.respondent, engine.answer_text(question, r.value), r.updated_at)
                        for r in later[question.slug]
                    ],
                )
            )
    return found


def respondent_answer_history(assessment) -> dict[str, list[tuple]]:
    """Per question, each respondent's own answer in words, with when: slug → [(respondent,
    value, updated_at)], respondents in their order, removed ones included (marked on the row)."""
    found: dict[str, list[tuple]] = {}
    rows = (
        RespondentAnswer.objects.filter(respondent__assessment=assessment, value__isnull=False)
        .select_related("respondent")
        .order_by("-respondent__is_lead", "respondent_id")
    )
    for row in rows:
        found.setdefault(row.question_slug, []).append((row.respondent, row.value, row.updated_at))
    return found


def assessment_inputs(assessment) -> engine.Inputs:
    """What an assessment was decided on, for comparing it with another: its newest stored
    evaluation (the criteria, answers and facts it used) once it has one, else its answers as they
    stand, with its measured facts, under the published criteria."""
    stored = assessment.evaluations.select_related("criteria_set__questionnaire").first()
    if stored is not None:
        return evaluation_inputs(stored)
    questionnaire, criteria = definitions_for(published_criteria_set())
    answers = engine.validate_answers(questionnaire, assessment.answer_values()).answers
    return engine.Inputs(questionnaire, criteria, answers, assessment_measured_facts(assessment))


def evaluation_inputs(evaluation) -> engine.Inputs:
    """What a stored evaluation decided on: its content versions, answers and measured facts."""
    questionnaire, criteria = definitions_for(evaluation.criteria_set)
    return engine.Inputs(questionnaire, criteria, dict(evaluation.answers), dict(evaluation.result.get("facts", {})))


def assessment_comparison(earlier, later) -> engine.Comparison:
    """Two assessments of one organisation compared (the engine's `compare`)."""
    return engine.compare(assessment_inputs(earlier), assessment_inputs(later))


def organisation_assessments(organisation_id: int) -> list:
    """Every assessment of an organisation, oldest first, with its engagement and the verdict of its
    newest stored evaluation (None while it has none)."""
    assessments = list(
        Assessment.objects.filter(engagement__organisation_id=organisation_id)
        .select_related("engagement")
        .order_by("created_at", "pk")
    )
    verdicts = {}
    for evaluation in Evaluation.objects.filter(assessment__in=assessments).order_by("created_at", "pk"):
        verdicts[evaluation.assessment_id] = evaluation.verdict
    for assessment in assessments:
        assessment.verdict = verdicts.get(assessment.pk)
    return assessments


STALE_AFTER_DAYS = 90


def stale_check_cutoff(today=None):
    """The day before which a figure counts as unchecked for too long."""
    return (today or timezone.localdate()) - timedelta(days=STALE_AFTER_DAYS)


def profiles_unchecked_since(cutoff) -> list[str]:
    """Names of the profiles with a figure last checked before ``cutoff``, or with no figure."""
    stale = ProviderProfile.objects.filter(Q(figures__checked_on__lt=cutoff) | Q(figures__isnull=True))
    return list(stale.distinct().order_by("order", "pk").values_list("name", flat=True))
