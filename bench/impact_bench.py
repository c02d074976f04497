"""Impact analysis over 10,000 stored assessments on PostgreSQL, split into loading and evaluating.

    createdb -h 127.0.0.1 -U postgres discovery_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/discovery_bench python bench/impact_bench.py

Migrates the database, stores COUNT evaluated assessments once (varied answer sets: a golden case
with 0-3 answers changed, evaluated by the one evaluation path's engine), makes a draft whose
change moves some verdicts, and times `impact_compute`. Target: evaluating < loading, total < 30 s.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
COUNT = int(os.environ.get("BENCH_COUNT", "10000"))


def main() -> None:
    import django

    django.setup()  # Django's models can only be imported once settings are loaded, hence below
    from django.core.management import call_command
    from django.db import transaction

    from assessments import engine
    from assessments.models import Assessment, CriteriaSet, Evaluation, VersionStatus
    from assessments.selectors import definitions_for, published_criteria_set
    from assessments.services.evaluation import answers_hash
    from assessments.services.impact import impact_compute
    from assessments.services.publishing import content_draft_from
    from discovery.models import Engagement, Organisation

    call_command("migrate", verbosity=0)
    published = published_criteria_set()
    questionnaire, definition = definitions_for(published)
    have = Evaluation.objects.filter(criteria_set=published).count()
    if have < COUNT:
        print(f"Storing {COUNT - have} evaluated assessments…", flush=True)
        rng = random.Random(7)
        with transaction.atomic():
            organisation, _ = Organisation.objects.get_or_create(name="Benchmark Ltd")
            for start in range(have, COUNT, 1000):
                size = min(1000, COUNT - start)
                engagements = Engagement.objects.bulk_create(
                    Engagement(organisation=organisation, source=Engagement.WORKSHOP) for _ in range(size)
                )
                assessments = Assessment.objects.bulk_create(
                    Assessment(engagement=e, questionnaire=published.questionnaire, status="submitted")
                    for e in engagements
                )
                rows = []
                for assessment in assessments:
                    answers = dict(rng.choice(definition.golden_cases).answers)
                    for question in rng.sample(questionnaire.questions, rng.randint(0, 3)):
                        if question.choices:
                            answers[question.slug] = rng.choice(question.choice_values)
                            if question.type == "multi_choice":
                                answers[question.slug] = [answers[question.slug]]
                        elif question.type == "yes_no":
                            answers[question.slug] = rng.random() < 0.5
                    answers = engine.validate_answers(questionnaire, answers).answers
                    result = engine.evaluate(questionnaire, definition, answers)
                    rows.append(
                        Evaluation(
                            assessment=assessment,
                            questionnaire=published.questionnaire,
                            criteria_set=published,
                            answers=answers,
                            answers_hash=answers_hash(answers),
                            result=result.to_dict(),
                            verdict=result.verdict,
                        )
                    )
                Evaluation.objects.bulk_create(rows)
    draft = CriteriaSet.objects.filter(slug=published.slug, status=VersionStatus.DRAFT).first()
    if draft is None:
        draft = content_draft_from(version=published, user=None)
        criterion = draft.criteria.get(slug="fit_task_behaviour")
        criterion.condition = '"task_behaviour" in goals && consistency_need in ["high", "strict"]'
        criterion.save()
    started = time.perf_counter()
    result = impact_compute(criteria_set=draft)
    total = time.perf_counter() - started
    print(f"assessments: {result['total']} ({result['distinct']} distinct decisive answer sets evaluated)")
    print(f"verdicts changed: {result['changed']}")
    for old, new, n in result["transitions"]:
        print(f"  {old} → {new}: {n}")
    print(f"loading:    {result['load_seconds']:.2f} s")
    print(f"evaluating: {result['evaluate_seconds']:.2f} s")
    faster = result["evaluate_seconds"] < result["load_seconds"]
    print(f"total:      {total:.2f} s (target < 30 s; evaluating < loading: {faster})")


if __name__ == "__main__":
    main()
