"""A baseline run: every case × prompt variant × repetition sent to the model, graded, and
summed up per variant. The worker and the ``run_baseline`` command both call ``execute``.

What the caller supplies (so this module stays free of Django, Redis and the SDKs):
``complete`` (the provider adapter), a response ``cache`` (a re-run or a resumed run never pays
twice for a call it already made), a ``slot`` (the connection's concurrency limit across all
workers: a context manager held for each call), ``should_stop`` (cancel), and ``on_progress``.

Within one process calls run on a thread pool as wide as the concurrency limit, so the limit is
kept full; each call takes a slot first, so two processes never exceed it together. The cost cap
is enforced before each call: a call is sent only if what was spent plus the worst case of every
call in flight (max output tokens) stays within the cap, so the cap holds even at full
concurrency; the first call that doesn't fit stops the run cleanly, saying how far it got.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol

from .cases import Case
from .cost import Prices, request_tokens
from .graders import Grade, Judge, grade
from .providers import PER_CALL_ERRORS, CallFailed, Complete, Reply, Request
from .stats import wilson
from .variants import Variant

SLOWEST = 5
PROGRESS_EVERY_SECONDS = 1.0


class Cache(Protocol):
    def get(self, key: str) -> Reply | None: ...

    def put(self, key: str, reply: Reply) -> None: ...


class MemoryCache:
    def __init__(self):
        self._replies: dict[str, Reply] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Reply | None:
        with self._lock:
            return self._replies.get(key)

    def put(self, key: str, reply: Reply) -> None:
        with self._lock:
            self._replies[key] = reply


@dataclass(frozen=True)
class Plan:
    cases: list[Case]
    variants: list[Variant]
    model: str
    scope: str  # which connection: part of every cache key (two endpoints never share answers)
    prices: Prices
    repeats: int = 3
    temperature: float = 0.0
    max_tokens: int = 512
    concurrency: int = 4
    cap_usd: float | None = None
    default_grader: str = "equals"


@dataclass
class Item:
    variant: int
    case: int  # position in plan.cases
    repetition: int
    answer: str | None = None
    grade: Grade | None = None
    error: str | None = None
    seconds: float = 0.0
    cached: bool = False


@dataclass
class Outcome:
    items: list[Item]
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    calls_sent: int = 0
    cached_calls: int = 0
    stopped_at_cap: bool = False
    cancelled: bool = False
    fatal: str | None = None  # "auth" or "unreachable": the run stopped, nothing later could work
    fatal_detail: str = ""
    overhead_seconds: list[float] = field(default_factory=list)


def cache_key(plan: Plan, variant: Variant, case: Case, repetition: int) -> str:
    body = {
        "scope": plan.scope,
        "model": plan.model,
        "system": variant.system,
        "messages": [list(m) for m in case.messages],
        "temperature": plan.temperature,
        "max_tokens": plan.max_tokens,
        "repetition": repetition,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def execute(
    plan: Plan,
    complete: Complete,
    *,
    cache: Cache | None = None,
    slot: Callable[[], contextlib.AbstractContextManager] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_progress: Callable[[int, int], None] | None = None,
    judge: Judge | None = None,
    already_spent: float = 0.0,
    thread_exit: Callable[[], None] | None = None,
) -> Outcome:
    """Run ``plan``; never raises for a provider failure (each is recorded on its item).
    ``thread_exit`` runs once in every pool thread at the end (closing what a thread opened)."""
    cache = cache or MemoryCache()
    slot = slot or contextlib.nullcontext
    # Case-major order: a run stopped early has compared every variant on the same cases.
    items = [
        Item(v, c, r) for c in range(len(plan.cases)) for r in range(plan.repeats) for v in range(len(plan.variants))
    ]
    outcome = Outcome(items=items)
    lock = threading.Condition()
    state = {"spent": already_spent, "reserved": 0.0, "stop": False}

    def reserve(worst: float) -> bool:
        """Reserve a call's worst case under the cap. When it doesn't fit beside the calls in
        flight, wait for them (their real cost is usually far below their worst case); stop only
        when it doesn't fit with nothing in flight."""
        with lock:
            while True:
                if state["stop"]:
                    return False
                if plan.cap_usd is None or state["spent"] + state["reserved"] + worst <= plan.cap_usd + 1e-12:
                    state["reserved"] += worst
                    return True
                if state["reserved"] <= 1e-12:
                    outcome.stopped_at_cap = True
                    state["stop"] = True
                    lock.notify_all()
                    return False
                lock.wait()

    def release(worst: float) -> None:
        state["reserved"] = max(0.0, state["reserved"] - worst)
        lock.notify_all()

    def run_item(item: Item) -> None:
        started = time.perf_counter()
        variant, case = plan.variants[item.variant], plan.cases[item.case]
        key = cache_key(plan, variant, case, item.repetition)
        reply = cache.get(key)
        if reply is not None:
            item.cached = True
            with lock:
                outcome.cached_calls += 1
        else:
            worst = plan.prices.cost(request_tokens(variant.system, case.messages), plan.max_tokens)
            if not reserve(worst):
                return
            request = Request(plan.model, variant.system, case.messages, plan.temperature, plan.max_tokens)
            try:
                with slot():
                    if state["stop"]:  # cancelled or a fatal error while waiting for a slot
                        with lock:
                            release(worst)
                        return
                    called = time.perf_counter()
                    try:
                        reply = complete(request)
                    finally:
                        provider_time = time.perf_counter() - called
            except CallFailed as failure:
                with lock:
                    release(worst)
                    outcome.calls_sent += 1
                    if failure.fatal:
                        state["stop"] = True
                        outcome.fatal, outcome.fatal_detail = failure.kind, failure.detail
                        return
                item.error = failure.kind if failure.kind in PER_CALL_ERRORS else "refused"
                item.seconds = time.perf_counter() - started
                return
            cost = plan.prices.cost(reply.tokens_in, reply.tokens_out)
            with lock:
                state["spent"] += cost
                release(worst)
                outcome.calls_sent += 1
                outcome.tokens_in += reply.tokens_in
                outcome.tokens_out += reply.tokens_out
                outcome.cost_usd += cost
            cache.put(key, reply)
            item.seconds = provider_time
            outcome.overhead_seconds.append(time.perf_counter() - started - provider_time)
        item.answer = reply.text
        item.grade = grade(case, reply.text, default_grader=plan.default_grader, judge=judge)

    total = len(items)
    done = 0
    last_report = time.monotonic()
    width = max(1, plan.concurrency)
    with ThreadPoolExecutor(max_workers=width, thread_name_prefix="baseline") as pool:
        pending = set()
        queue = iter(items)
        exhausted = False
        while True:
            # Keep at most 2 × width items submitted, so a stop leaves little queued behind it.
            while not exhausted and len(pending) < 2 * width and not state["stop"]:
                item = next(queue, None)
                if item is None:
                    exhausted = True
                    break
                pending.add(pool.submit(run_item, item))
            if not pending:
                break
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                future.result()  # a bug in grading is a bug: let it surface
            done += len(finished)
            if time.monotonic() - last_report >= PROGRESS_EVERY_SECONDS or not pending:
                last_report = time.monotonic()
                if should_stop():
                    outcome.cancelled = True
                    with lock:
                        state["stop"] = True
                        lock.notify_all()
                if on_progress:
                    on_progress(done, total)
        if thread_exit is not None:
            # One task per thread: each waits at the barrier until all have arrived, so every
            # pool thread (the executor starts them up to its width) runs thread_exit once.
            barrier = threading.Barrier(width)

            def finish() -> None:
                barrier.wait(timeout=30)
                thread_exit()

            for future in [pool.submit(finish) for _ in range(width)]:
                future.result()
    return outcome


def summarise(plan: Plan, outcome: Outcome) -> dict:
    """Per variant: cases graded and passed, pass rate and Wilson 95 % interval, errors by kind,
    tokens; and per case the answers and grades (staff only). A case passes when most of its
    graded repetitions pass (a tie fails); the interval counts cases, not calls, since the
    repetitions of one case are not independent trials."""
    variants = []
    by_variant: dict[int, dict[int, list[Item]]] = {}
    for item in outcome.items:
        by_variant.setdefault(item.variant, {}).setdefault(item.case, []).append(item)
    for v, variant in enumerate(plan.variants):
        cases = by_variant.get(v, {})
        graded = passed = 0
        errors = dict.fromkeys(PER_CALL_ERRORS, 0)
        model_graded = False
        per_case = []
        for c, items in sorted(cases.items()):
            grades = [i.grade for i in items if i.grade is not None]
            for i in items:
                if i.error:
                    errors[i.error] = errors.get(i.error, 0) + 1
            model_graded = model_graded or any(g.model_graded for g in grades)
            ok = None
            if grades:
                graded += 1
                ok = sum(g.passed for g in grades) * 2 > len(grades)
                passed += ok
            if grades or any(i.error for i in items):
                per_case.append(
                    {
                        "case": plan.cases[c].index,
                        "passed": ok,
                        "seconds": round(max(i.seconds for i in items), 3),
                        "answers": [
                            {
                                "answer": i.answer,
                                "passed": i.grade.passed if i.grade else None,
                                "grader": i.grade.grader if i.grade else None,
                                "reason": i.grade.reason if i.grade else None,
                                "model_graded": bool(i.grade and i.grade.model_graded),
                                "error": i.error,
                                "cached": i.cached,
                            }
                            for i in sorted(items, key=lambda i: i.repetition)
                        ],
                    }
                )
        low, high = wilson(passed, graded)
        slowest = sorted(per_case, key=lambda r: r["seconds"], reverse=True)[:SLOWEST]
        variants.append(
            {
                "name": variant.name,
                "label": variant.label,
                "graded": graded,
                "passed": passed,
                "pass_rate": round(passed / graded, 4) if graded else None,
                "ci_low": round(low, 4) if graded else None,
                "ci_high": round(high, 4) if graded else None,
                "errors": {k: n for k, n in errors.items() if n},
                "model_graded": model_graded,
                "slowest": [{"case": r["case"], "seconds": r["seconds"]} for r in slowest],
                "cases": per_case,
            }
        )
    answered = {i.case for i in outcome.items if i.grade is not None or i.error}
    return {
        "cases": len(plan.cases),
        "cases_reached": len(answered),
        "repeats": plan.repeats,
        "variants": variants,
        "tokens_in": outcome.tokens_in,
        "tokens_out": outcome.tokens_out,
        "cost_usd": round(outcome.cost_usd, 6),
        "calls_sent": outcome.calls_sent,
        "cached_calls": outcome.cached_calls,
        "stopped_at_cap": outcome.stopped_at_cap,
        "cancelled": outcome.cancelled,
        "fatal": outcome.fatal,
    }
