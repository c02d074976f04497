"""A measured baseline for Meridian Retail: RECORDED DEMO DATA, not a live run. Its ticket
triage eval set (40 cases, a label among four queues) was answered by a local model with the
client's own prompt and two improved ones; the answers below are recorded, and graded here by the
real graders and summed up by the real runner code, so the page, the facts and the intervals are
what a live run would show. The run and its connection say "demo" wherever they appear.

Also adds the demo connection (a local OpenAI-compatible server; the README says how to run one
and try a live run). Running it again changes nothing.
"""

import datetime
from datetime import timedelta

from django.utils import timezone

from assessments.baseline import Case, Plan, Prices, Variant, baseline_facts, build_variants, cases_hash, grade
from assessments.baseline.runner import Item, Outcome, summarise
from assessments.models import Assessment, BaselineRun, ModelConnection
from demo.reports import prepared_at

ORGANISATION = "Meridian Retail"
QUEUES = ["delivery", "returns", "billing", "other"]
PROMPT = "You sort Meridian Retail customer emails into queues."
TARGET = "85"  # the client's quality target, as answered in the questionnaire (per cent)
# How many of the 40 cases each prompt answered right (recorded): 65 %, 82 %, 92 %.
RIGHT = {"client": 26, "instructions": 33, "examples": 37}


def _cases() -> list[Case]:
    topics = {
        "delivery": "my parcel has not arrived",
        "returns": "I want to send a jacket back",
        "billing": "I was charged twice",
        "other": "do you sell gift wrap",
    }
    cases = []
    for i in range(40):
        queue = QUEUES[i % 4]
        text = f"Ticket {9000 + i}: {topics[queue]} (order {20_000 + i * 13})."
        cases.append(Case(index=i + 1, messages=(("user", text),), expected=queue, choices=tuple(QUEUES)))
    return cases


def _connection() -> ModelConnection:
    connection, _ = ModelConnection.objects.get_or_create(
        name="Local model server (demo)",
        defaults={
            "kind": "openai",
            "base_url": "http://127.0.0.1:11434/v1",
            "key_variable": "DEMO_LOCAL_API_KEY",
            "models_allowed": ["llama3.1:8b"],
            "price_input_per_million": 0,
            "price_output_per_million": 0,
            # A model you serve yourself has no per-token price; nothing to quote.
            "price_source": "https://github.com/ollama/ollama",
            "price_checked": datetime.date(2026, 12, 4),
            "concurrency_limit": 2,
        },
    )
    return connection


def _run_times(assessment) -> tuple[datetime.datetime, datetime.datetime]:
    """When the recorded run started and finished in the demo's story: after the submission and
    before the report was prepared (demo/reports.py), so the report reads as made from it."""
    engagement = assessment.engagement
    report_at = prepared_at(engagement) or timezone.now()
    started = report_at - timedelta(hours=3)
    if engagement.submitted_at:
        started = max(started, engagement.submitted_at + timedelta(minutes=30))
    return started, min(started + timedelta(minutes=20), report_at - timedelta(minutes=5))


def build(stdout) -> None:
    connection = _connection()
    assessment = Assessment.objects.filter(engagement__organisation__name=ORGANISATION).order_by("pk").first()
    if assessment is None or BaselineRun.objects.filter(assessment=assessment, recorded_demo=True).exists():
        return
    cases = _cases()
    variants: list[Variant] = build_variants(
        PROMPT,
        cases,
        count=2,
        training_pairs=[("Ticket 1: where is my order?", "delivery"), ("Ticket 2: refund for a broken mug", "returns")],
    )
    plan = Plan(
        cases=cases,
        variants=variants,
        model="llama3.1:8b",
        scope=connection.scope,
        prices=Prices(0, 0),
        repeats=1,
        default_grader="equals",
    )
    items = []
    for v, variant in enumerate(variants):
        for c, case in enumerate(cases):
            # Recorded: the first RIGHT[...] cases named the right queue, the rest the next one.
            answer = case.expected if c < RIGHT[variant.name] else QUEUES[(QUEUES.index(case.expected) + 1) % 4]
            items.append(Item(v, c, 0, answer=answer.title(), grade=grade(case, answer.title()), seconds=0.4 + c / 100))
    outcome = Outcome(items=items, tokens_in=40 * 3 * 120, tokens_out=40 * 3 * 3, calls_sent=120)
    summary = summarise(plan, outcome)
    started, finished = _run_times(assessment)
    BaselineRun.objects.create(
        assessment=assessment,
        connection=connection,
        connection_label=str(connection),
        model_id="llama3.1:8b",
        status=BaselineRun.FINISHED,
        cases=[c.to_dict() for c in cases],
        cases_count=len(cases),
        variants=[v.to_dict() for v in variants],
        parameters={"temperature": 0.0, "max_tokens": 16, "default_grader": "equals"},
        repeats=1,
        inputs_hash=cases_hash(cases),
        target=int(TARGET) / 100,
        estimate={"calls": 120, "tokens_in": 14_400, "max_tokens_out": 1920, "max_cost_usd": 0.0},
        cap_usd=1,
        consent_at=started,
        consent_by=assessment.engagement.lead,
        created_by=assessment.engagement.lead,
        created_at=started,
        status_changed_at=finished,
        progress_done=120,
        progress_total=120,
        summary=summary,
        facts=baseline_facts(summary, int(TARGET) / 100),
        finished_at=finished,
        recorded_demo=True,
    )
    stdout.write("  Meridian Retail: a recorded demo baseline run (client prompt 65 %, best improved prompt 92 %)\n")
