"""Impact analysis: what a draft criteria set would change in every verdict on record.

1. Start: an ImpactRun row (queued) and a Celery task that takes its id (`impact_run_start`).
2. Run: stream the latest Evaluation of every assessment in chunks (values_list + iterator),
   evaluate its stored answers with the draft (`engine.verdict_of`: the engine's compiled
   programs, without the report details; once per distinct combination of the answers the
   conditions read) and compare with the stored verdict; progress is written every chunk.
3. Summarise: count of changed verdicts, transition table, and per affected engagement the
   criteria whose match changed (`impact_rows` also feeds the CSV export).
"""

import time
from collections import Counter

from django.utils import timezone

from assessments import engine
from assessments.models import CriteriaSet, Criterion, Evaluation, ImpactRun
from assessments.selectors import content_definition
from assessments.tasks import impact_run_task
from web.jobs import JobKind, job_claim, job_fail, job_sweep
from web.outages import enqueue_on_commit

CHUNK = 2000
STOPPED = "The run stopped before finishing (its worker was restarted or the message was lost). Run it again."
# Its lifecycle (web/jobs.py): a run is cheap to start again and is never resumed, so its row has
# no claim to take over, no attempts and no sweep task: a run stuck past the sweep's age (from
# when it was created) is failed with STOPPED, and the editor offers a new one.
IMPACT_JOB = JobKind(
    model=ImpactRun,
    waiting=ImpactRun.QUEUED,
    working=ImpactRun.RUNNING,
    failed=ImpactRun.FAILED,
    changed_at=None,
    stuck_since="created_at",
    attempts=None,
    never_finished=STOPPED,
    failed_also=lambda now: {"finished_at": now},
)


def impact_run_start(*, criteria_set: CriteriaSet, user) -> ImpactRun:
    """Queue an impact analysis of `criteria_set` (the task starts once this commits)."""
    run = ImpactRun.objects.create(criteria_set=criteria_set, started_by=user)
    enqueue_on_commit(impact_run_task, run.pk)
    return run


def _latest_evaluations():
    """(evaluation id, assessment id, questionnaire id, answers, verdict, facts) of the newest evaluation
    of every assessment, streamed: ordering by assessment then newest first lets us keep the
    first row of each assessment without a per-database "distinct on"."""
    rows = (
        Evaluation.objects.order_by("assessment_id", "-created_at", "-pk")
        .values_list("pk", "assessment_id", "questionnaire_id", "answers", "verdict", "result__facts")
        .iterator(chunk_size=CHUNK)
    )
    last = None
    for row in rows:
        if row[1] != last:
            last = row[1]
            yield row


def impact_compute(*, criteria_set: CriteriaSet, progress=None) -> dict:
    """Evaluate `criteria_set` over the latest evaluation of every assessment; see the module
    docstring. `progress(done, total)` is called after each chunk. Returns the result dict."""
    questionnaire = content_definition(criteria_set.questionnaire)
    definition = content_definition(criteria_set)
    total = Evaluation.objects.values("assessment_id").distinct().count()
    transitions, changed = Counter(), []
    # Stored answer sets repeat on what decides (choices, yes/no): evaluate each distinct one once.
    inputs, outcomes = engine.decision_inputs(questionnaire, definition), {}
    load_seconds = evaluate_seconds = 0.0
    done = 0
    started = time.perf_counter()
    for evaluation_id, _, questionnaire_id, answers, verdict, facts in _latest_evaluations():
        loaded = time.perf_counter()
        load_seconds += loaded - started
        if questionnaire_id != criteria_set.questionnaire_id:
            # Answers made for another questionnaire version: keep only what this one accepts.
            answers = engine.validate_answers(questionnaire, answers).answers
        # Answers and facts are JSON values: their repr tells them apart. The facts the evaluation
        # used (measured from uploads) decide beside the answers, as they did then.
        key = repr([*map(answers.get, inputs), sorted((facts or {}).items())])
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = outcomes[key] = engine.verdict_of(questionnaire, definition, answers, facts or None)
        new_verdict, matched = outcome
        if new_verdict != verdict:
            transitions[(verdict, new_verdict)] += 1
            changed.append((evaluation_id, matched, new_verdict))
        done += 1
        started = time.perf_counter()
        evaluate_seconds += started - loaded
        if progress and done % CHUNK == 0:
            progress(done, total)
    if progress:
        progress(done, total)
    return {
        "total": done,
        "changed": len(changed),
        "transitions": [[old, new, n] for (old, new), n in transitions.most_common()],
        "affected": _affected(changed, titles=_criterion_titles(criteria_set)),
        "distinct": len(outcomes),
        "load_seconds": round(load_seconds, 3),
        "evaluate_seconds": round(evaluate_seconds, 3),
    }


def _criterion_titles(criteria_set: CriteriaSet) -> dict[str, str]:
    """Slug → title over every version of the set, the newest (the draft) winning: a criterion the
    draft removed still reads by the title it had when it matched."""
    rows = Criterion.objects.filter(criteria_set__slug=criteria_set.slug).order_by("criteria_set__version")
    return dict(rows.values_list("slug", "title"))


def _affected(changed: list[tuple[int, tuple, str]], *, titles: dict[str, str]) -> list[dict]:
    """One row per changed verdict: the engagement and the criteria whose match changed (slugs
    for the CSV, titles for people)."""
    new_matched = {pk: matched for pk, matched, _ in changed}
    new_verdict = {pk: verdict for pk, _, verdict in changed}
    rows = []
    evaluations = Evaluation.objects.filter(pk__in=new_matched).select_related("assessment__engagement__organisation")
    for evaluation in evaluations.order_by("assessment__engagement_id", "pk"):
        before = set(evaluation.result.get("matched", ()))
        after = set(new_matched[evaluation.pk])
        engagement = evaluation.assessment.engagement
        rows.append(
            {
                "engagement_id": engagement.pk,
                "engagement": str(engagement),
                "assessment_id": evaluation.assessment_id,
                "evaluation_id": evaluation.pk,
                "old_verdict": evaluation.verdict,
                "new_verdict": new_verdict[evaluation.pk],
                "now_match": sorted(after - before),
                "no_longer_match": sorted(before - after),
                "now_match_titles": [titles.get(slug, slug) for slug in sorted(after - before)],
                "no_longer_match_titles": [titles.get(slug, slug) for slug in sorted(before - after)],
            }
        )
    return rows


def impact_run_execute(*, run_id: int) -> None:
    """Run a claimed ImpactRun and store its result (the task's body)."""
    run = ImpactRun.objects.select_related("criteria_set__questionnaire").get(pk=run_id)
    digest = content_definition(run.criteria_set).content_hash

    def progress(done, total):
        ImpactRun.objects.filter(pk=run_id).update(done=done, total=total)

    result = impact_compute(criteria_set=run.criteria_set, progress=progress)
    ImpactRun.objects.filter(pk=run_id).update(
        status=ImpactRun.DONE,
        result=result,
        done=result["total"],
        total=result["total"],
        content_digest=digest,
        finished_at=timezone.now(),
    )


def impact_run_claim(*, run_id: int) -> bool:
    """Take a queued run; False when another run of the task already has it (a duplicate message)."""
    return job_claim(IMPACT_JOB, run_id)


def impact_run_mark_failed(*, run_id: int, error: str) -> None:
    job_fail(IMPACT_JOB, run_id, error=error)


def impact_sweep_stuck(*, older_than_seconds: int = 600) -> int:
    """Every few minutes: runs queued or running for longer than any run takes (the task's time
    limit is two minutes) are failed with a clear reason, so the editor stops polling and
    offers a new run. Returns how many."""
    return job_sweep(IMPACT_JOB, older_than_seconds=older_than_seconds)


def impact_rows(run: ImpactRun) -> list[list]:
    """The affected engagements as CSV rows, header first."""
    rows = [
        ["engagement_id", "engagement", "assessment_id", "old_verdict", "new_verdict", "now_match", "no_longer_match"]
    ]
    for a in run.result.get("affected", ()):
        rows.append(
            [
                a["engagement_id"],
                a["engagement"],
                a["assessment_id"],
                a["old_verdict"],
                a["new_verdict"],
                " ".join(a["now_match"]),
                " ".join(a["no_longer_match"]),
            ]
        )
    return rows
