"""Measure a client's training sample or eval set: pure Python, no Django import (a test
enforces it), streaming with bounded memory. The command and the worker both call ``analyse``."""

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
