"""Measure a client's training sample or eval set: pure Python, no Django import (a test
enforces it), streaming with bounded memory. The command and the worker both call ``analyse``."""

from .analysis import Analysis, Finding, analyse
from .facts import measured_facts
from .formats import ERROR_KINDS, FORMATS
from .profiles import ProviderProfile, default_profiles, profiles_from
from .reading import JSONL_SUFFIXES, SNIFF_BYTES, Limits, UnreadableSample, sniff_head

__all__ = [
    "ERROR_KINDS",
    "FORMATS",
    "JSONL_SUFFIXES",
    "SNIFF_BYTES",
    "Analysis",
    "Finding",
    "Limits",
    "ProviderProfile",
    "UnreadableSample",
    "analyse",
    "default_profiles",
    "measured_facts",
    "profiles_from",
    "sniff_head",
]
