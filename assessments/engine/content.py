"""Load decision-model content in the discovery-content/1 JSON format (see content/FORMAT.md)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .definitions import CriteriaSet, Questionnaire

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
DEFAULT_QUESTIONNAIRE = CONTENT_DIR / "fine-tuning-readiness.v1.json"
DEFAULT_CRITERIA_SET = CONTENT_DIR / "fine-tuning-criteria.v1.json"
# v2 of the questionnaire keeps v1's questions and adds two optional ones no v1-era criterion reads:
# the client's current system prompt and their quality target (they pre-fill a baseline run).
BASELINE_QUESTIONNAIRE = CONTENT_DIR / "fine-tuning-readiness.v2.json"
# v2 reads measured facts; given answers alone it decides exactly as v1 (tests/engine/test_facts.py).
MEASURED_CRITERIA_SET = CONTENT_DIR / "fine-tuning-criteria.v2.json"
# v3 also reads a measured baseline (baseline.*) and targets questionnaire v2; given answers alone
# it decides exactly as v1 too.
BASELINE_CRITERIA_SET = CONTENT_DIR / "fine-tuning-criteria.v3.json"


def load_questionnaire(path: Path) -> Questionnaire:
    return Questionnaire.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def load_criteria_set(path: Path) -> CriteriaSet:
    return CriteriaSet.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def load_default() -> tuple[Questionnaire, CriteriaSet]:
    """The shipped default: fine-tuning-readiness v1 and fine-tuning-criteria v1 (read once)."""
    return load_questionnaire(DEFAULT_QUESTIONNAIRE), load_criteria_set(DEFAULT_CRITERIA_SET)
