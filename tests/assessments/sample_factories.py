"""Analysed uploads for tests that need measured facts: a real file, analysed by the real task."""

import json

from django.core.files.base import ContentFile

from assessments.models import SampleUpload
from assessments.tasks import sample_analyse_task
from tests.samples.files import distinct_questions, openai_chat


def analysed_sample(assessment, *, unique=412, duplicates=38, pii=0, name="claims.jsonl") -> SampleUpload:
    """A training sample of ``unique`` distinct examples plus ``duplicates`` exact repeats, the
    first ``pii`` answers quoting an email address, analysed as the worker would."""
    records = [
        openai_chat(q, f"Reply {i}" + (" — write to nora@example.com" if i < pii else ""))
        for i, q in enumerate(distinct_questions(unique))
    ]
    records += records[len(records) - duplicates :]  # repeats of the last ones, free of personal data
    return analysed_records(assessment, "training", records, name)


def analysed_eval_set(assessment, *, with_expected=20, without=0, leaked=0, name="evals.jsonl") -> SampleUpload:
    """An eval set whose first ``leaked`` inputs are the first questions ``analysed_sample`` trains on."""
    questions = distinct_questions(with_expected + without + 5000)[-(with_expected + without) :]
    questions[:leaked] = distinct_questions(leaked)
    records = [{"input": q, "ideal": "yes"} for q in questions[:with_expected]]
    records += [{"input": q} for q in questions[with_expected:]]
    return analysed_records(assessment, "eval", records, name)


def analysed_records(assessment, kind, records, name) -> SampleUpload:
    """`records` (dicts, or strings written as they are JSON-encoded) as an upload of `kind`, analysed."""
    body = "".join(json.dumps(r) + "\n" for r in records)
    sample = SampleUpload(assessment=assessment, kind=kind, original_name=name, total_lines=len(records))
    sample.file.save(f"test-{kind}.jsonl", ContentFile(body.encode()), save=False)
    sample.save()
    sample_analyse_task.apply(args=[sample.pk])
    sample.refresh_from_db()
    return sample


def seeded_profiles() -> None:
    """The shipped provider profiles as rows, with their figures' sources, as migration 0017 seeds
    them: a transactional test's flush empties the table, and pages then read the shipped file."""
    from datetime import date

    from assessments.models import ProfileFigure, ProviderProfile
    from assessments.samples import default_profiles

    if ProviderProfile.objects.exists():
        return
    for order, p in enumerate(default_profiles(), start=1):
        values = p.to_dict()
        cited = values.pop("figures")
        for name in ("checked", "slug"):
            values.pop(name)
        row = ProviderProfile.objects.create(slug=p.slug, order=order, **values)
        for figure, source in cited.items():
            ProfileFigure.objects.create(
                profile=row,
                figure=figure,
                source=source["source"],
                checked_on=date.fromisoformat(source["checked"]),
                confirmed=source["confirmed"],
                note=source["note"],
            )
