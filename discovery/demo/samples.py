"""Demo uploads: Meridian Retail said it has over 1,000 curated examples; the training sample
it uploaded holds 412 unique valid ones (38 duplicates, 3 lines with an email address), and its
eval set has 40 cases with an expected answer. The review page and report show the gap.

Runs before the demo reports, so Meridian's report is made from the measurement. Files go
through the real upload path's storage and the real analysis task; nothing is kept but the
findings. Running it again changes nothing.
"""

import json

from django.core.files.base import ContentFile

from assessments.models import Answer, Assessment, SampleUpload
from assessments.tasks import sample_analyse_task

ORGANISATION = "Meridian Retail"
TOPICS = ["a late parcel", "a refund", "a damaged item", "a gift card", "a size exchange", "a missing voucher"]


def _question(i: int) -> str:
    topic = TOPICS[i % len(TOPICS)]
    return f"Order {10_000 + i * 37}: the customer asks about {topic} (ticket {i * 7919}, store {i * 104729})."


def _training_records() -> list[dict]:
    records = []
    for i in range(412):
        reply = f"Thanks for getting in touch about order {10_000 + i * 37}. Here is what happens next."
        if i < 3:
            reply += " You can also write to returns.help@meridian.example."
        records.append(
            {
                "messages": [
                    {"role": "system", "content": "You answer for Meridian Retail's customer care team."},
                    {"role": "user", "content": _question(i)},
                    {"role": "assistant", "content": reply},
                ]
            }
        )
    return records + records[-38:]


def _eval_records() -> list[dict]:
    return [{"input": _question(5000 + i), "ideal": "A reply that names the next step."} for i in range(40)]


def _analysed(assessment, kind: str, name: str, records: list[dict]) -> None:
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    sample = SampleUpload(
        assessment=assessment, kind=kind, original_name=name, size_bytes=len(body), total_lines=len(records)
    )
    sample.file.save(f"demo-{kind}.jsonl", ContentFile(body), save=False)
    sample.uploaded_by_label = "Client (Mo Reyes)"
    sample.save()
    sample_analyse_task.apply(args=[sample.pk])


def build(stdout) -> None:
    assessment = Assessment.objects.filter(engagement__organisation__name=ORGANISATION).first()
    if assessment is None or assessment.samples.exists():
        return
    # What they said: over 1,000 curated examples.
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(value="over_1000")
    _analysed(assessment, SampleUpload.TRAINING, "meridian-support-replies.jsonl", _training_records())
    _analysed(assessment, SampleUpload.EVAL, "meridian-evals.jsonl", _eval_records())
    stdout.write(f"Samples: {ORGANISATION} has an analysed training sample (412 unique; stated over 1,000)")
