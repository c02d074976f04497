"""Demo uploads. Meridian Retail said it has over 1,000 curated examples; the training sample
it uploaded holds 412 unique valid ones (38 duplicates, 3 lines with an email address, 3 empty
answers and a blank line), and its
eval set has 40 cases with an expected answer. The review page and report show the gap.
Osprey Energy's eval set was cut from its training data: 7 of its 30 cases repeat a training
prompt (5 exactly, 2 nearly), and the report says a leaked eval proves nothing; it is the
path-to-yes case: removing those 7 cases is the first step, and the one that makes it "Fine-tune".

Runs before the demo reports, so their reports are made from the measurements. Files go
through the real upload path's storage and the real analysis task; nothing is kept but the
findings and fingerprints. Running it again changes nothing.
"""

import json

from django.core.files.base import ContentFile

from assessments.models import Answer, Assessment, SampleUpload
from assessments.tasks import sample_analyse_task

ORGANISATION = "Meridian Retail"
LEAKED = "Osprey Energy"
BLANK_LINE = {}  # written as an empty line, not as an object
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
    # Three answers left empty by the export (no text, no tool call) and a stray blank line:
    # reported as unusable lines and a warning, so the page shows both.
    empty = [
        {"messages": [{"role": "user", "content": _question(900 + i)}, {"role": "assistant", "content": ""}]}
        for i in range(3)
    ]
    return records + records[-38:] + empty + [BLANK_LINE]


def _eval_records() -> list[dict]:
    return [{"input": _question(5000 + i), "ideal": "A reply that names the next step."} for i in range(40)]


def _analysed(assessment, kind: str, name: str, records: list[dict]) -> None:
    body = "".join(("" if r is BLANK_LINE else json.dumps(r)) + "\n" for r in records).encode()
    sample = SampleUpload(
        assessment=assessment, kind=kind, original_name=name, size_bytes=len(body), total_lines=len(records)
    )
    sample.file.save(f"demo-{kind}.jsonl", ContentFile(body), save=False)
    sample.uploaded_by_label = assessment.engagement.client_label
    sample.save()
    sample_analyse_task.apply(args=[sample.pk])


def _osprey_question(i: int) -> str:
    return (
        f"My smart meter {70_000 + i * 13} shows {i * 41} kWh for last month, but we were away for two weeks "
        f"and the heating was off the whole time. Account {880_000 + i * 7}: is that reading right?"
    )


def _osprey_training() -> list[dict]:
    return [
        {"prompt": _osprey_question(i), "completion": f"Reading {i * 41} kWh looks plausible; here is why."}
        for i in range(240)
    ]


def _osprey_evals() -> list[dict]:
    leaked = [_osprey_question(i) for i in range(5)]  # copied straight from the training data
    # and two nearly: the same question with one word more
    leaked += [_osprey_question(i).replace("reading right?", "reading right, please?") for i in (10, 11)]
    fresh = [f"Why did my standing charge change in month {m} of my contract?" for m in range(23)]
    return [{"input": q, "ideal": "Explains the reading and the next step."} for q in leaked + fresh]


def _measured(organisation: str) -> Assessment | None:
    """The organisation's assessment, unless it has no assessment or was measured already."""
    assessment = Assessment.objects.filter(engagement__organisation__name=organisation).first()
    return None if assessment is None or assessment.samples.exists() else assessment


def build(stdout) -> None:
    assessment = _measured(ORGANISATION)
    if assessment is not None:
        # What they said: over 1,000 curated examples.
        Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(value="over_1000")
        _analysed(assessment, SampleUpload.TRAINING, "meridian-support-replies.jsonl", _training_records())
        _analysed(assessment, SampleUpload.EVAL, "meridian-evals.jsonl", _eval_records())
        stdout.write(f"Samples: {ORGANISATION} has an analysed training sample (412 unique; stated over 1,000)")
    assessment = _measured(LEAKED)
    if assessment is not None:
        _analysed(assessment, SampleUpload.TRAINING, "osprey-meter-queries.jsonl", _osprey_training())
        _analysed(assessment, SampleUpload.EVAL, "osprey-evals.jsonl", _osprey_evals())
        stdout.write(f"Samples: {LEAKED}'s eval set repeats 7 training prompts (contaminated)")
