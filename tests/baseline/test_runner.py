"""The runner with the real SDKs against our own fake provider: answers, grades, retries on 429
and 5xx honouring Retry-After, per-call failures by kind, the cache, the cost cap, cancel and
the concurrency limit."""

import json
import logging
import threading
import time

import pytest

from assessments.baseline import (
    MemoryCache,
    Plan,
    Prices,
    build_variants,
    execute,
    make_client,
    read_cases,
    summarise,
)
from tests.baseline.fake_provider import FakeProvider

KEY = "sk-test-SECRET-4f1c9e"
PRICES = Prices(input_per_million=1.0, output_per_million=2.0)


def eval_lines(n, right=None):
    """n cases whose expected answer is "yes"; the first ``right`` (default all) are answered right."""
    right = n if right is None else right
    return [
        json.dumps({"input": f"case {i} ANSWER:{'yes' if i < right else 'no'}", "expected": "yes"}).encode()
        for i in range(n)
    ]


def plan_for(kind, provider, n=4, right=None, **overrides):
    cases = read_cases(eval_lines(n, right))
    variants = build_variants("Answer yes or no.", cases, count=overrides.pop("variant_count", 1))
    options = {"repeats": 1, "concurrency": 2} | overrides
    return Plan(
        cases=cases, variants=variants, model="test-model", scope=f"{kind}:{provider.url}", prices=PRICES, **options
    )


def client_for(kind, provider, **options):
    return make_client(kind, api_key=KEY, base_url=provider.base_url(kind), **({"timeout": 5.0} | options))


@pytest.mark.parametrize("kind", ["openai", "anthropic", "gemini"])
def test_each_sdk_runs_the_cases_through_our_adapter_and_grades_them(kind):
    with FakeProvider() as provider:
        plan = plan_for(kind, provider, n=4, right=3)
        outcome = execute(plan, client_for(kind, provider))
    summary = summarise(plan, outcome)
    client = summary["variants"][0]
    assert (client["graded"], client["passed"], client["pass_rate"]) == (4, 3, 0.75)
    assert client["ci_low"] < 0.75 < client["ci_high"]
    assert summary["tokens_in"] > 0 and summary["cost_usd"] > 0
    assert len(provider.requests) == 4 * 2  # cases × variants
    # The improved variant's system prompt really reached the provider.
    assert any("Follow these rules" in json.dumps(r["body"]) for r in provider.requests)


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_429_or_5xx_is_retried_after_the_time_retry_after_asks(kind, status):
    with FakeProvider() as provider:
        provider.faults.extend([(status, {"Retry-After": "1"})])
        plan = plan_for(kind, provider, n=1, variant_count=0, concurrency=1)
        started = time.monotonic()
        outcome = execute(plan, client_for(kind, provider, max_retries=2))
        waited = time.monotonic() - started
    assert outcome.items[0].grade.passed and outcome.items[0].error is None
    assert len(provider.requests) == 2
    assert waited >= 0.95  # the SDK waited the second Retry-After asked for, not its own short backoff


def test_gemini_retries_a_503_with_its_own_backoff():
    with FakeProvider() as provider:
        provider.faults.extend([(503, {})])
        plan = plan_for("gemini", provider, n=1, variant_count=0, concurrency=1)
        outcome = execute(plan, client_for("gemini", provider, max_retries=2))
    assert outcome.items[0].grade.passed and len(provider.requests) == 2


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_failures_are_counted_by_kind_and_the_run_goes_on(kind):
    with FakeProvider() as provider:
        provider.faults.extend([("malformed", 0), (400, {}), ("slow", 3), (429, {"Retry-After": "0"})])
        plan = plan_for(kind, provider, n=5, variant_count=0, concurrency=1)
        outcome = execute(plan, client_for(kind, provider, timeout=1.0, max_retries=0))
    errors = summarise(plan, outcome)["variants"][0]["errors"]
    assert errors == {"malformed": 1, "refused": 1, "timeout": 1, "rate_limited": 1}
    assert sum(i.grade is not None for i in outcome.items) == 1


def test_a_wrong_key_stops_the_run_at_once():
    with FakeProvider() as provider:
        provider.faults.extend([(401, {})] * 50)
        plan = plan_for("openai", provider, n=20, variant_count=0, concurrency=1)
        outcome = execute(plan, client_for("openai", provider, max_retries=0))
    assert outcome.fatal == "auth" and len(provider.requests) == 1


def test_an_endpoint_nobody_listens_on_is_unreachable():
    complete = make_client("openai", api_key=KEY, base_url="http://127.0.0.1:9/v1", timeout=2.0, max_retries=0)
    with FakeProvider() as provider:
        plan = plan_for("openai", provider, n=3, variant_count=0, concurrency=1)
    outcome = execute(plan, complete)
    assert outcome.fatal == "unreachable"


def test_a_rerun_with_the_same_cache_sends_no_request():
    cache = MemoryCache()
    with FakeProvider() as provider:
        plan = plan_for("openai", provider, n=6, repeats=2)
        first = execute(plan, client_for("openai", provider), cache=cache)
        sent = len(provider.requests)
        second = execute(plan, client_for("openai", provider), cache=cache)
    assert sent == 6 * 2 * 2 and len(provider.requests) == sent
    assert second.cached_calls == sent and second.cost_usd == 0
    assert summarise(plan, first)["variants"][0]["pass_rate"] == summarise(plan, second)["variants"][0]["pass_rate"]


def test_the_cost_cap_stops_the_run_cleanly_within_the_cap_saying_how_far_it_got():
    with FakeProvider() as provider:
        # Each call's worst case is about $0.001 (512 output tokens at $2 per million) and its real
        # cost about $0.00001, so the cap lets some calls through, one at a time, then stops.
        plan = plan_for("openai", provider, n=50, variant_count=0, concurrency=4, cap_usd=0.0012)
        outcome = execute(plan, client_for("openai", provider))
    summary = summarise(plan, outcome)
    assert summary["stopped_at_cap"] and outcome.cost_usd <= 0.0012
    assert 0 < summary["cases_reached"] < 50 and len(provider.requests) == summary["cases_reached"]


def test_cancel_stops_sending_soon_after_it_is_asked():
    stop = threading.Event()
    with FakeProvider(delay=0.05) as provider:
        plan = plan_for("openai", provider, n=200, variant_count=0, concurrency=2)
        timer = threading.Timer(0.5, stop.set)
        timer.start()
        outcome = execute(plan, client_for("openai", provider), should_stop=stop.is_set)
    assert outcome.cancelled and len(provider.requests) < 100


def test_the_concurrency_limit_is_kept_full_and_never_exceeded():
    with FakeProvider(delay=0.05) as provider:
        plan = plan_for("openai", provider, n=40, variant_count=0, concurrency=4)
        execute(plan, client_for("openai", provider))
    assert provider.max_in_flight == 4


def test_the_key_never_appears_in_logs_results_or_error_messages(caplog):
    caplog.set_level(logging.DEBUG)
    with FakeProvider() as provider:
        provider.faults.extend([(500, {}), (401, {})])
        plan = plan_for("openai", provider, n=2, variant_count=0, concurrency=1)
        outcome = execute(plan, client_for("openai", provider, max_retries=1))
    assert provider.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"  # it was used…
    assert KEY not in caplog.text  # …and never logged
    assert KEY not in json.dumps(summarise(plan, outcome)) and KEY not in str(outcome.fatal_detail)
