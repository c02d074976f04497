"""Shared personas for the engine tests. No Django, no database."""

import sys
from pathlib import Path

import pytest

# Plain `pytest tests/engine` doesn't put the repository root on sys.path.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assessments.engine import evaluate, load_default  # noqa: E402

# A client for whom fine-tuning is right today: the persona every test varies.
READY_CLIENT = {
    "use_case_summary": "Draft replies to customer emails in our brand voice.",
    "goals": ["style_voice"],
    "request_volume": "medium",
    "consistency_need": "high",
    "prompting_tried": "systematic",
    "prompting_outcome": "inconsistent",
    "rag_tried": "no",
    "base_model_fit": "partially",
    "curated_examples": "100_to_1000",
    "examples_reviewed": True,
    "training_data_rights": True,
    "evaluation_method": "defined_metrics",
    "baseline_measured": True,
    "migration_owner": True,
    "target_timeline": "1_to_3_months",
}


@pytest.fixture
def default():
    return load_default()


@pytest.fixture
def ready_client():
    return dict(READY_CLIENT)


@pytest.fixture
def assess_client(default):
    """Evaluate the ready client with some answers changed (None removes an answer)."""

    def run(**changes):
        answers = {**READY_CLIENT, **changes}
        answers = {k: v for k, v in answers.items() if v is not None}
        return evaluate(*default, answers)

    return run
