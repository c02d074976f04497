"""`python manage.py run_baseline --eval FILE --model KIND:MODEL [--prompt FILE] [--repeats N]
[--variants N] [--max-cost USD] [--concurrency N] [--base-url URL]`: a stable interface, like
`assess` and `analyse_sample`.

Runs an eval set through a base model with the code the worker runs (``assessments.baseline``)
and prints one JSON object: ``cases``, ``graded``, ``repeats``, ``variants`` (each: ``name``,
``passed``, ``pass_rate``, ``ci_low``, ``ci_high``, ``errors`` by kind), ``tokens_in``,
``tokens_out``, ``cost_usd``, ``cached_calls``, ``stopped_at_cap``. The key comes from the
provider's usual environment variable (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY).
Prices (for the cost and ``--max-cost``) come from ``--price-in`` / ``--price-out`` (USD per
million tokens). An unreadable eval set, an unknown model kind, a missing key or an unreachable
endpoint exits 2 with one line on standard error. The command keeps no rows: its response cache
lives as long as the process.
"""

import json
import os
import sys

from django.core.management.base import BaseCommand

from assessments.baseline import (
    KEY_VARIABLES,
    KINDS,
    CasesError,
    Plan,
    Prices,
    build_variants,
    execute,
    make_client,
    read_cases_file,
    read_training_pairs,
    summarise,
)

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Run an eval set through a base model, grade the answers and print pass rates as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--eval", required=True, metavar="FILE", help="the eval set (JSON Lines)")
        parser.add_argument("--model", required=True, metavar="KIND:MODEL", help="e.g. openai:gpt-4o-mini")
        parser.add_argument("--prompt", metavar="FILE", help="the client's current system prompt")
        parser.add_argument("--training", metavar="FILE", help="training sample: examples for the improved prompt")
        parser.add_argument("--repeats", type=int, default=3)
        parser.add_argument("--variants", type=int, default=2, choices=(0, 1, 2), help="improved prompts to compare")
        parser.add_argument("--max-cost", type=float, metavar="USD", help="stop cleanly before spending more")
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible or other endpoint")
        parser.add_argument("--max-tokens", type=int, default=512)
        parser.add_argument("--grader", default="equals", help="default grader for cases that name none")
        parser.add_argument("--price-in", type=float, default=0.0, metavar="USD", help="per million input tokens")
        parser.add_argument("--price-out", type=float, default=0.0, metavar="USD", help="per million output tokens")
        parser.add_argument("--timeout", type=float, default=60.0, help="seconds per call")

    def fail(self, line: str):
        self.stderr.write(line.replace("\n", " "))
        sys.exit(BAD_INPUT)

    def handle(self, *args, **o):
        kind, _, model = o["model"].partition(":")
        if kind not in KINDS or not model:
            self.fail(f"--model {o['model']}: expected KIND:MODEL with KIND one of {', '.join(KINDS)}")
        if o["repeats"] < 1 or o["concurrency"] < 1 or o["max_tokens"] < 1:
            self.fail("--repeats, --concurrency and --max-tokens must be at least 1")
        if o["max_cost"] is not None and not (o["price_in"] or o["price_out"]):
            self.fail("--max-cost needs the model's prices: give --price-in and --price-out (USD per million tokens)")
        try:
            cases = read_cases_file(o["eval"])
        except CasesError as error:
            self.fail(f"{o['eval']}: {error}")
        prompt = self._read(o["prompt"], "--prompt") if o["prompt"] else ""
        pairs = read_training_pairs(self._read(o["training"], "--training").splitlines()) if o["training"] else []
        key = os.environ.get(KEY_VARIABLES[kind], "")
        if not key:
            self.fail(f"no API key: set {KEY_VARIABLES[kind]} for {kind}")
        complete = make_client(kind, api_key=key, base_url=o["base_url"], timeout=o["timeout"])
        plan = Plan(
            cases=cases,
            variants=build_variants(
                prompt, cases, count=o["variants"], default_grader=o["grader"], training_pairs=pairs
            ),
            model=model,
            scope=f"{kind}:{o['base_url'] or ''}",
            prices=Prices(o["price_in"], o["price_out"]),
            repeats=o["repeats"],
            max_tokens=o["max_tokens"],
            concurrency=o["concurrency"],
            cap_usd=o["max_cost"],
            default_grader=o["grader"],
        )
        outcome = execute(plan, complete)
        if outcome.fatal == "unreachable":
            self.fail(f"{o['base_url'] or kind}: the endpoint did not answer")
        if outcome.fatal == "auth":
            self.fail(f"{kind}: the API key in {KEY_VARIABLES[kind]} was refused")
        summary = summarise(plan, outcome)
        result = {
            "cases": summary["cases"],
            "graded": summary["variants"][0]["graded"],
            "repeats": summary["repeats"],
            "variants": [
                {k: v[k] for k in ("name", "graded", "passed", "pass_rate", "ci_low", "ci_high", "errors")}
                for v in summary["variants"]
            ],
            **{k: summary[k] for k in ("tokens_in", "tokens_out", "cost_usd", "cached_calls", "stopped_at_cap")},
        }
        self.stdout.write(json.dumps(result, indent=2))

    def _read(self, path: str, option: str) -> str:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as error:
            self.fail(f"{option} {path}: can't read it ({getattr(error, 'strerror', None) or error})")
