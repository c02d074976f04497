"""Shared personas for the engine tests. No Django, no database."""

import sys
from pathlib import Path

import pytest

# Plain `pytest tests/engine` doesn't put the repository root on sys.path.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assessments.engine import evaluate, load_default  # noqa: E402
from tests.answers import READY_CLIENT  # noqa: E402


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
