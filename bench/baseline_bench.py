"""Baseline runner overhead: `python bench/baseline_bench.py [SIZES…]` from the repo root.

Runs 100 and 2,000 cases (default) through the real runner and the real OpenAI SDK against our
fake provider (tests/baseline/fake_provider.py) answering instantly, with a concurrency limit of
8, and prints cases per second (answering instantly, then after 50 ms like a fast model), the
harness's own time per call (everything outside the SDK call:
cache lookup, cost reservation, slot, grading) and the most calls the server saw at once. The
target (issue 24): under 5 ms of harness time per call, and the limit kept full. Prints numbers;
asserts nothing. The database semaphore and cache the worker adds are not in this number.
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.baseline import Plan, Prices, build_variants, execute, make_client, read_cases  # noqa: E402
from assessments.baseline.cost import request_tokens  # noqa: E402
from tests.baseline.fake_provider import FakeProvider  # noqa: E402

CONCURRENCY = 8


def bench(size: int, delay: float) -> None:
    lines = [json.dumps({"input": f"case {i} ANSWER:yes", "expected": "yes"}).encode() for i in range(size)]
    cases = read_cases(lines)
    request_tokens("", (("user", "warm up"),))  # loads the token vocabulary once, as the estimate already has
    with FakeProvider(delay=delay) as provider:
        plan = Plan(
            cases=cases,
            variants=build_variants("Answer.", cases, count=0),
            model="m",
            scope="bench",
            prices=Prices(1, 2),
            repeats=1,
            concurrency=CONCURRENCY,
        )
        complete = make_client("openai", api_key="bench", base_url=provider.base_url("openai"))
        started = time.perf_counter()
        outcome = execute(plan, complete)
        elapsed = time.perf_counter() - started
    overhead = sorted(outcome.overhead_seconds)
    print(
        f"{size:>6} cases, answers after {delay * 1000:>3.0f} ms: {size / elapsed:8.1f} cases/s, "
        "harness per call median "
        f"{statistics.median(overhead) * 1000:.2f} ms, p95 {overhead[int(len(overhead) * 0.95)] * 1000:.2f} ms, "
        f"most in flight {provider.max_in_flight} of {CONCURRENCY}"
    )


if __name__ == "__main__":
    for delay in (0.0, 0.05):
        for size in [int(a) for a in sys.argv[1:]] or [100, 2000]:
            bench(size, delay)
