"""Measure a client's training sample or eval set: pure Python, no Django import (a test
enforces it), streaming with bounded memory. The command and the worker both call ``analyse``.

Modules:
    analysis.py — one streaming pass over a sample (plus one over `against`): `analyse`
    costs.py — what a training path would cost: training, monthly saving, break-even
    csvfile.py — CSV samples: header row and column mapping
    facts.py — the named facts an analysis yields for the engine
    formats.py — the record shapes clients hold, checked one record at a time
    paths.py — recommended training paths: open on a day, fitting the measured data
    pii.py — PII signals found by pattern (kind and line only, never the value)
    profiles.py — provider profiles: one training path each, with dated, sourced figures
    reading.py — reading a client's file safely: sniffing, then lines one at a time
    recall.py — near-duplicate recall measured on seeded near copies (tests and benchmark)
    similarity.py — exact and near duplicates (hash, one-permutation MinHash, banded candidates)
    summary.py — an analysis in words and rows for the panel, review page and report
    tokens.py — token counts with each provider's vocabulary (o200k_base, shipped in a wheel)
"""

from .analysis import Analysis, Finding, analyse, contamination
from .facts import CONTAMINATION_FACTS, contamination_facts, measured_facts
from .formats import ERROR_KINDS, FORMATS
from .profiles import ProviderProfile, default_profiles, profiles_from
from .reading import JSONL_SUFFIXES, SNIFF_BYTES, Limits, UnreadableSample, sniff_head
from .similarity import Fingerprints

__all__ = [
    "CONTAMINATION_FACTS",
    "ERROR_KINDS",
    "FORMATS",
    "JSONL_SUFFIXES",
    "SNIFF_BYTES",
    "Analysis",
    "Finding",
    "Fingerprints",
    "Limits",
    "ProviderProfile",
    "UnreadableSample",
    "analyse",
    "contamination",
    "contamination_facts",
    "default_profiles",
    "measured_facts",
    "profiles_from",
    "sniff_head",
]
