"""Baseline runs: start (consent and cost estimate first), execute on the worker, cancel,
resume, sweep. The run is a job row on the one lifecycle (web/jobs.py); the work is
``assessments.baseline.execute``, the same code the ``run_baseline`` command calls.

Only the run's id passes the broker. The API key is read inside the worker, handed to the SDK
and nowhere else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.baseline import (
    Case,
    CasesError,
    Plan,
    Reply,
    Variant,
    baseline_facts,
    build_variants,
    cache_key,
    cases_hash,
    estimate,
    execute,
    make_client,
    read_cases,
    read_training_pairs,
    summarise,
)
from assessments.models import Assessment, BaselineCall, BaselineRun, ConnectionSlot, ModelConnection
from assessments.tasks import baseline_run_task
from web.jobs import JobKind, job_claim, job_fail, job_sweep
from web.outages import enqueue_on_commit
from web.refusals import Refused
from web.sealed import seal

SLOT_LEASE = timedelta(minutes=5)  # a held slot frees itself this long after its holder died
SLOT_POLL_SECONDS = 0.01
MAX_REPEATS = 10
MAX_TOKENS_LIMIT = 8192
NEVER_FINISHED = "The run stopped {attempts} times without finishing (its worker kept dying). Start it again."

BASELINE_JOB = JobKind(
    model=BaselineRun,
    waiting=BaselineRun.QUEUED,
    working=BaselineRun.RUNNING,
    failed=BaselineRun.FAILED,
    task=baseline_run_task,
    claimed_by="claimed_by",
    max_starts=5,
    never_finished=NEVER_FINISHED,
    keep=(BaselineRun.FINISHED, BaselineRun.CANCELLED),
)


class BaselineRefused(Refused):
    """A run that can't start, or an action on one that can't happen now; the message says why."""


# --- Connections ---------------------------------------------------------------------------


def connection_key_store(*, connection: ModelConnection, key: str) -> None:
    """Seal ``key`` on the connection (an empty key clears it)."""
    connection.key_sealed = seal(key) if key else ""
    ModelConnection.objects.filter(pk=connection.pk).update(key_sealed=connection.key_sealed)


# --- Starting a run -------------------------------------------------------------------------


def _inputs_hash(cases: list[Case], variants: list[Variant], model_id: str, parameters: dict, repeats: int) -> str:
    body = {
        "cases": cases_hash(cases),
        "variants": [v.system for v in variants],
        "model": model_id,
        "parameters": parameters,
        "repeats": repeats,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def baseline_prepare(
    *,
    connection: ModelConnection | None,
    model_id: str,
    eval_lines,
    client_prompt: str = "",
    training_lines=None,
    repeats: int = 3,
    variant_count: int = 2,
    max_tokens: int = 512,
    temperature: float = 0.0,
    default_grader: str = "equals",
) -> dict:
    """Everything a run would send, and its cost estimate, without sending anything or storing
    anything; BaselineRefused saying what is wrong."""
    if connection is None or not connection.active:
        raise BaselineRefused("Choose a model connection (an admin adds them under Model connections).")
    if model_id not in connection.models_allowed:
        raise BaselineRefused(f"{model_id or 'That model'} is not one of this connection's allowed models.")
    if not 1 <= repeats <= MAX_REPEATS:
        raise BaselineRefused(f"Repetitions must be between 1 and {MAX_REPEATS}.")
    if not 1 <= max_tokens <= MAX_TOKENS_LIMIT:
        raise BaselineRefused(f"Maximum output tokens must be between 1 and {MAX_TOKENS_LIMIT}.")
    if not 0 <= variant_count <= 2:
        raise BaselineRefused("Compare 0, 1 or 2 improved prompts.")
    try:
        cases = read_cases(eval_lines)
    except CasesError as error:
        raise BaselineRefused(f"The eval set can't be run: {error}.") from error
    pairs = read_training_pairs(training_lines) if training_lines is not None else []
    variants = build_variants(
        client_prompt, cases, count=variant_count, default_grader=default_grader, training_pairs=pairs
    )
    parameters = {"temperature": temperature, "max_tokens": max_tokens, "default_grader": default_grader}
    cost = estimate(
        cases, [v.system for v in variants], repeats=repeats, max_tokens=max_tokens, prices=connection.prices
    )
    return {
        "cases": cases,
        "variants": variants,
        "parameters": parameters,
        "repeats": repeats,
        "estimate": cost,
        "inputs_hash": _inputs_hash(cases, variants, model_id, parameters, repeats),
    }


def _cap(cap_usd) -> Decimal:
    try:
        cap = Decimal(str(cap_usd))
    except (InvalidOperation, ValueError) as error:
        raise BaselineRefused("Set a cost cap in US dollars.") from error
    if not cap.is_finite() or cap <= 0:
        raise BaselineRefused("Set a cost cap in US dollars, above zero.")
    return cap


def baseline_create(
    *,
    assessment: Assessment,
    connection: ModelConnection | None,
    model_id: str,
    eval_lines,
    user=None,
    target: float | None = None,
    **options,
) -> BaselineRun:
    """Freeze a run's inputs and its cost estimate on a new row (status ready). Nothing is sent:
    the consultant reads the estimate, then starts it (``baseline_launch``)."""
    if target is not None and not 0 < target <= 1:
        raise BaselineRefused("The quality target is a pass rate between 1 % and 100 %.")
    prepared = baseline_prepare(connection=connection, model_id=model_id, eval_lines=eval_lines, **options)
    return BaselineRun.objects.create(
        assessment=assessment,
        connection=connection,
        connection_label=str(connection),
        model_id=model_id,
        cases=[c.to_dict() for c in prepared["cases"]],
        cases_count=len(prepared["cases"]),
        variants=[v.to_dict() for v in prepared["variants"]],
        parameters=prepared["parameters"],
        repeats=prepared["repeats"],
        inputs_hash=prepared["inputs_hash"],
        target=target,
        estimate=prepared["estimate"].to_dict(),
        created_by=user,
        progress_total=prepared["estimate"].calls,
    )


def baseline_launch(*, run: BaselineRun, cap_usd, consent: bool, user=None) -> None:
    """Start a ready run under a cost cap. Nothing is sent unless the client's agreement to send
    their cases to this provider was recorded (``consent``)."""
    if not consent:
        raise BaselineRefused(
            "Record the client's agreement first: their eval cases will be sent to the model provider."
        )
    cap = _cap(cap_usd)
    if run.connection is None or not run.connection.active:
        raise BaselineRefused("This run's model connection is no longer available; prepare a new run.")
    with transaction.atomic():
        busy = BaselineRun.objects.filter(
            assessment_id=run.assessment_id, status__in=[BaselineRun.QUEUED, BaselineRun.RUNNING]
        )
        if busy.exists():
            raise BaselineRefused("A baseline run is already under way for this assessment; cancel it or wait.")
        now = timezone.now()
        if not BaselineRun.objects.filter(pk=run.pk, status=BaselineRun.READY).update(
            status=BaselineRun.QUEUED, cap_usd=cap, consent_at=now, consent_by=user, status_changed_at=now
        ):
            raise BaselineRefused("This run was already started.")
        enqueue_on_commit(baseline_run_task, run.pk)


def baseline_start(*, cap_usd, consent: bool, user=None, **inputs) -> BaselineRun:
    """Create and launch in one step (the demo, tests, scripts): the same checks, consent first."""
    if not consent:
        raise BaselineRefused(
            "Record the client's agreement first: their eval cases will be sent to the model provider."
        )
    _cap(cap_usd)
    with transaction.atomic():
        run = baseline_create(user=user, **inputs)
        baseline_launch(run=run, cap_usd=cap_usd, consent=consent, user=user)
    return BaselineRun.objects.get(pk=run.pk)


# --- Cancel, resume --------------------------------------------------------------------------


def baseline_cancel(*, run: BaselineRun) -> None:
    """Ask a queued or running run to stop; the worker stops within about a second, keeping what
    was answered. A queued one is cancelled at once."""
    if not BaselineRun.objects.filter(pk=run.pk, status=BaselineRun.QUEUED).update(
        status=BaselineRun.CANCELLED, cancel_requested=True, status_changed_at=timezone.now()
    ) and not BaselineRun.objects.filter(pk=run.pk, status=BaselineRun.RUNNING).update(cancel_requested=True):
        raise BaselineRefused("This run is not under way any more.")


def baseline_resume(*, run: BaselineRun) -> None:
    """Queue a cancelled, failed or capped run again: what was answered comes from the cache, so
    only the rest is paid for."""
    if run.connection is None:
        raise BaselineRefused("This run's model connection was removed; start a new run.")
    resumable = Q(status__in=[BaselineRun.CANCELLED, BaselineRun.FAILED]) | Q(
        status=BaselineRun.FINISHED, summary__stopped_at_cap=True
    )
    with transaction.atomic():
        if not BaselineRun.objects.filter(resumable, pk=run.pk).update(
            status=BaselineRun.QUEUED, cancel_requested=False, error="", attempts=0, status_changed_at=timezone.now()
        ):
            raise BaselineRefused("Only a cancelled, failed or capped run can be resumed.")
        enqueue_on_commit(baseline_run_task, run.pk)


def baseline_raise_cap(*, run: BaselineRun, cap_usd) -> None:
    try:
        cap = Decimal(str(cap_usd))
    except (InvalidOperation, ValueError) as error:
        raise BaselineRefused("Set a cost cap in US dollars.") from error
    if not cap.is_finite() or cap <= Decimal(str(run.cost_usd)):
        raise BaselineRefused("The new cap must be above what the run has already spent.")
    BaselineRun.objects.filter(pk=run.pk).exclude(status=BaselineRun.RUNNING).update(cap_usd=cap)


# --- The worker ------------------------------------------------------------------------------


def baseline_claim(*, run_id: int, task_id: str = "") -> bool:
    return job_claim(BASELINE_JOB, run_id, task_id=task_id)


def baseline_mark_failed(*, run_id: int, error: str) -> None:
    job_fail(BASELINE_JOB, run_id, error=error)


def baseline_sweep_stuck(older_than_seconds: float = 15 * 60) -> int:
    """Queue again runs whose worker died or whose message was lost (they resume from the cache)."""
    return job_sweep(BASELINE_JOB, older_than_seconds=older_than_seconds)


class DatabaseCache:
    """The response cache on BaselineCall rows: read once up front (one query), written from the
    run's main thread each time progress is reported, so worker threads never write."""

    def __init__(self, connection: ModelConnection, keys: list[str]):
        self.connection = connection
        self._known = {
            row.key: Reply(row.text, row.tokens_in, row.tokens_out, row.seconds)
            for row in BaselineCall.objects.filter(connection=connection, key__in=keys)
        }
        self._new: dict[str, Reply] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Reply | None:
        with self._lock:
            return self._known.get(key) or self._new.get(key)

    def put(self, key: str, reply: Reply) -> None:
        with self._lock:
            self._new[key] = reply

    def flush(self) -> None:
        with self._lock:
            new, self._new = self._new, {}
            self._known |= new
        BaselineCall.objects.bulk_create(
            [
                BaselineCall(
                    key=k,
                    connection=self.connection,
                    text=r.text,
                    tokens_in=r.tokens_in,
                    tokens_out=r.tokens_out,
                    seconds=r.seconds,
                )
                for k, r in new.items()
            ],
            ignore_conflicts=True,
        )


def connection_slot(connection: ModelConnection, *, holder: str | None = None):
    """A context manager that holds one of the connection's slots (a database semaphore shared by
    every worker process) for the duration of one call; waits while all are taken."""
    limit = max(1, connection.concurrency_limit)
    for number in range(limit):
        with contextlib.suppress(IntegrityError), transaction.atomic():
            ConnectionSlot.objects.get_or_create(connection=connection, number=number)

    @contextlib.contextmanager
    def slot():
        me = holder or uuid.uuid4().hex
        taken = None
        try:
            while taken is None:
                now = timezone.now()
                candidates = ConnectionSlot.objects.filter(
                    Q(holder="") | Q(held_until__lt=now), connection=connection, number__lt=limit
                ).values_list("pk", flat=True)
                for pk in candidates:
                    if ConnectionSlot.objects.filter(Q(holder="") | Q(held_until__lt=now), pk=pk).update(
                        holder=me, held_until=now + SLOT_LEASE
                    ):
                        taken = pk
                        break
                else:
                    time.sleep(SLOT_POLL_SECONDS)
            yield
        finally:
            if taken is not None:
                ConnectionSlot.objects.filter(pk=taken, holder=me).update(holder="", held_until=None)

    return slot


def _close_thread_connections() -> None:
    # Worker threads open their own database connections (Django's are per thread); each pool
    # thread closes its own when the run ends.
    connections.close_all()


def baseline_execute(*, run_id: int) -> BaselineRun:
    """Run a claimed run to its end (finished, cancelled, capped or failed), writing progress on
    the row about every second and the summary and facts at the end."""
    run = BaselineRun.objects.select_related("connection").get(pk=run_id)
    connection = run.connection
    if connection is None:
        baseline_mark_failed(run_id=run_id, error="The run's model connection was removed.")
        return BaselineRun.objects.get(pk=run_id)
    key = connection.api_key()
    if not key:
        baseline_mark_failed(
            run_id=run_id, error=f"No API key for {connection.name}: {connection.key_source}. An admin can add one."
        )
        return BaselineRun.objects.get(pk=run_id)
    plan = run_plan(run)
    complete = make_client(
        connection.kind,
        api_key=key,
        base_url=connection.base_url or None,
        timeout=float(connection.timeout_seconds),
    )
    del key
    keys = [
        cache_key(plan, plan.variants[v], case, r)
        for case in plan.cases
        for r in range(plan.repeats)
        for v in range(len(plan.variants))
    ]
    cache = DatabaseCache(connection, keys)
    # Spending so far: the calls this run already paid for are in the cache and cost nothing now.
    already = run.cost_usd

    def should_stop() -> bool:
        return BaselineRun.objects.filter(pk=run_id, cancel_requested=True).exists()

    def on_progress(done: int, total: int) -> None:
        cache.flush()
        # status_changed_at is the run's heartbeat: the sweep takes only a run silent for minutes.
        BaselineRun.objects.filter(pk=run_id).update(
            progress_done=done, progress_total=total, status_changed_at=timezone.now()
        )

    outcome = execute(
        plan,
        complete,
        cache=cache,
        slot=connection_slot(connection),
        should_stop=should_stop,
        on_progress=on_progress,
        already_spent=already,
        thread_exit=_close_thread_connections,
    )
    cache.flush()
    summary = summarise(plan, outcome)
    summary["cost_usd"] = round(already + outcome.cost_usd, 6)
    now = timezone.now()
    fields = {
        "summary": summary,
        "facts": baseline_facts(summary, run.target),
        "cost_usd": already + outcome.cost_usd,
        "progress_done": sum(1 for i in outcome.items if i.grade is not None or i.error),
        "status_changed_at": now,
    }
    if outcome.fatal:
        what = "the API key was refused" if outcome.fatal == "auth" else "the endpoint did not answer"
        fields |= {"status": BaselineRun.FAILED, "error": f"The run stopped: {what} ({connection.name})."}
    elif outcome.cancelled:
        fields |= {"status": BaselineRun.CANCELLED}
    else:
        fields |= {"status": BaselineRun.FINISHED, "finished_at": now}
    BaselineRun.objects.filter(pk=run_id, status=BaselineRun.RUNNING).update(**fields)
    return BaselineRun.objects.get(pk=run_id)


def _calls_at_once(connection: ModelConnection) -> int:
    """The connection's concurrency limit, except on SQLite (the embedded default): it takes one
    writer at a time, and each call's thread writes its slot and cache rows, so calls go one by one
    there rather than fail with "database is locked"."""
    if connections["default"].vendor == "sqlite":
        return 1
    return max(1, connection.concurrency_limit)


def run_plan(run: BaselineRun) -> Plan:
    """The run's frozen inputs as the runner takes them."""
    return Plan(
        cases=[Case.from_dict(c) for c in run.cases],
        variants=[Variant(**v) for v in run.variants],
        model=run.model_id,
        scope=run.connection.scope,
        prices=run.connection.prices,
        repeats=run.repeats,
        temperature=float(run.parameters.get("temperature", 0.0)),
        max_tokens=int(run.parameters.get("max_tokens", 512)),
        concurrency=_calls_at_once(run.connection),
        cap_usd=float(run.cap_usd),
        default_grader=run.parameters.get("default_grader", "equals"),
    )
