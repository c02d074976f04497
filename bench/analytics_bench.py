"""The analytics page over 10,000 engagements: how long a consultant waits for it.

    createdb -h 127.0.0.1 -U postgres discovery_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/discovery_bench python bench/analytics_bench.py

Migrates the database (SQLite under var/ when DATABASE_URL is unset) and, once, stores COUNT
engagements submitted over the last twelve months (so the default period covers them all) across
eight industries and five leads, each with an evaluated assessment (a golden case with 0-2 answers
changed, evaluated with its counterfactuals as the one evaluation path stores them) and a report
(one in ten overridden, most delivered). Then it renders /analytics/ through Django's test client,
signed in as a consultant, RUNS times and prints each time, the median and the query count.
Target: median ≤ 500 ms on PostgreSQL. Prints, never asserts.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
COUNT = int(os.environ.get("BENCH_COUNT", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
INDUSTRIES = ["Retail", "Banking", "Healthcare", "Software", "Insurance", "Legal services", "Logistics", "Energy"]
MARK = "Analytics bench"  # organisation names start with this, so a re-run finds its rows


def main() -> None:
    import django

    django.setup()
    # Django must be set up before models can be imported, hence the imports in here.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from assessments import engine
    from assessments.models import Assessment, Evaluation, Report
    from assessments.selectors import definitions_for, published_criteria_set
    from assessments.services.evaluation import answers_hash
    from discovery.models import Engagement, Organisation
    from discovery.roles import CONSULTANTS

    call_command("migrate", verbosity=0)
    User = get_user_model()
    consultants = Group.objects.get(name=CONSULTANTS)
    leads = []
    for i in range(5):
        user, _ = User.objects.get_or_create(username=f"bench-lead-{i}", defaults={"first_name": f"Lead {i}"})
        user.groups.add(consultants)
        leads.append(user)
    published = published_criteria_set()
    questionnaire, definition = definitions_for(published)
    have = Engagement.objects.filter(organisation__name__startswith=MARK).count()
    if have < COUNT:
        print(f"Storing {COUNT - have} engagements with evaluations and reports…", flush=True)
        started = time.perf_counter()
        rng = random.Random(14)
        memo: dict[str, tuple] = {}
        now = timezone.now()

        def evaluated(answers: dict) -> tuple:
            """(answers, result payload, verdict), evaluated once per distinct answer set."""
            answers = engine.validate_answers(questionnaire, answers).answers
            key = json.dumps(answers, sort_keys=True)
            if key not in memo:
                result = engine.evaluate(questionnaire, definition, answers)
                payload = result.to_dict()
                payload["counterfactuals"] = [
                    {"changes": [list(c) for c in cf.changes], "new_verdict": cf.new_verdict, "sentence": cf.sentence}
                    for cf in engine.counterfactuals(questionnaire, definition, answers)
                ]
                memo[key] = (answers, payload, result.verdict)
            return memo[key]

        with transaction.atomic():
            organisations = [
                Organisation.objects.get_or_create(name=f"{MARK} {industry}", defaults={"industry": industry})[0]
                for industry in INDUSTRIES
            ]
            for start in range(have, COUNT, 1000):
                size = min(1000, COUNT - start)
                engagements = []
                for _ in range(size):
                    submitted = now - timedelta(hours=rng.uniform(1, 24 * 360))
                    roll = rng.random()  # 5 % unanswered, 15 % answered late, the rest in time
                    wait = None if roll < 0.05 else rng.uniform(49, 120) if roll < 0.2 else rng.uniform(0.2, 40)
                    engagements.append(
                        Engagement(
                            organisation=rng.choice(organisations),
                            source=Engagement.SELF_SERVICE,
                            status=Engagement.IN_REVIEW,
                            lead=rng.choice(leads),
                            created_at=submitted - timedelta(days=1),
                            submitted_at=submitted,
                            response_due_at=submitted + timedelta(hours=48),
                            first_response_at=submitted + timedelta(hours=wait) if wait is not None else None,
                        )
                    )
                engagements = Engagement.objects.bulk_create(engagements)
                assessments = Assessment.objects.bulk_create(
                    Assessment(engagement=e, questionnaire=published.questionnaire, status=Assessment.SUBMITTED)
                    for e in engagements
                )
                evaluations = []
                for assessment in assessments:
                    answers = dict(rng.choice(definition.golden_cases).answers)
                    for question in rng.sample(questionnaire.questions, rng.randint(0, 2)):
                        if question.choices:
                            value = rng.choice(question.choice_values)
                            answers[question.slug] = [value] if question.type == "multi_choice" else value
                        elif question.type == "yes_no":
                            answers[question.slug] = rng.random() < 0.5
                    answers, payload, verdict = evaluated(answers)
                    evaluations.append(
                        Evaluation(
                            assessment=assessment,
                            questionnaire=published.questionnaire,
                            criteria_set=published,
                            answers=answers,
                            answers_hash=answers_hash(answers),
                            result=payload,
                            verdict=verdict,
                        )
                    )
                evaluations = Evaluation.objects.bulk_create(evaluations)
                Report.objects.bulk_create(
                    Report(
                        assessment=evaluation.assessment,
                        evaluation=evaluation,
                        number=1,
                        status=Report.READY,
                        override_verdict=rng.choice(list(engine.VERDICT_LABELS)) if rng.random() < 0.1 else "",
                        delivered_at=now if rng.random() < 0.7 else None,
                    )
                    for evaluation in evaluations
                )
                print(f"  {start + size} stored", flush=True)
        print(f"Stored in {time.perf_counter() - started:.1f} s ({len(memo)} distinct answer sets evaluated)")
        if connection.vendor == "postgresql":
            # What autovacuum would soon do: fresh statistics, so the planner sees 10,000 rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(leads[0])
    url = reverse("analytics")
    client.get(url)  # warm up: templates, the session, permission caches
    timings, queries = [], []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    for _ in range(RUNS):
        queries.clear()
        # An execute wrapper, not CaptureQueriesContext: it survives the pool handing the request
        # a connection of its own.
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            print(f"the page answered {response.status_code}")
    started = time.perf_counter()
    client.get(url, {"format": "csv", "figure": "one-answer-away"})
    csv_time = time.perf_counter() - started
    engine_name = connection.vendor
    total = Engagement.objects.count()
    print(f"database:   {engine_name}, {total} engagements")
    print("runs (ms):  " + ", ".join(f"{t * 1000:.0f}" for t in timings))
    print(f"median:     {statistics.median(timings) * 1000:.0f} ms (target ≤ 500 ms on PostgreSQL)")
    print(f"queries:    {len(queries)} per page")
    print(f"one CSV:    {csv_time * 1000:.0f} ms (clients one answer away)")


if __name__ == "__main__":
    main()
