"""Measuring the base model: the client's eval set answered by a real model with their own
prompt and improved variants, graded, summed up with Wilson intervals. Pure Python apart from
the providers' SDKs (no Django import); the worker (assessments/services/baseline.py) and the
``run_baseline`` command both call ``execute``.

Modules:
    cases.py — eval cases read from the client's eval set, frozen and hashed
    cost.py — what a run may cost before anything is sent, and prices
    facts.py — the ``baseline.*`` facts a run yields for the engine
    graders.py — equals, contains, regex, is_json, json_schema, numeric, choice, rubric
    providers.py — one thin adapter over the anthropic, openai and google-genai SDKs
    runner.py — cases × variants × repetitions under a concurrency limit, a cache and a cost cap
    stats.py — the Wilson score interval
    variants.py — the client's prompt and improved variants built from it
"""

from .cases import Case, CasesError, cases_hash, read_cases, read_cases_file, read_training_pairs
from .cost import Estimate, Prices, estimate
from .facts import baseline_facts, best_variant, stated_vs_measured
from .graders import GRADERS, Grade, grade
from .providers import FATAL_ERRORS, KEY_VARIABLES, KINDS, PER_CALL_ERRORS, CallFailed, Reply, Request, make_client
from .runner import MemoryCache, Outcome, Plan, cache_key, execute, summarise
from .stats import wilson
from .variants import Variant, build_variants

__all__ = [
    "FATAL_ERRORS",
    "GRADERS",
    "KEY_VARIABLES",
    "KINDS",
    "PER_CALL_ERRORS",
    "CallFailed",
    "Case",
    "CasesError",
    "Estimate",
    "Grade",
    "MemoryCache",
    "Outcome",
    "Plan",
    "Prices",
    "Reply",
    "Request",
    "Variant",
    "baseline_facts",
    "best_variant",
    "build_variants",
    "cache_key",
    "cases_hash",
    "estimate",
    "execute",
    "grade",
    "make_client",
    "read_cases",
    "read_cases_file",
    "read_training_pairs",
    "stated_vs_measured",
    "summarise",
    "wilson",
]
