"""Questionnaires, criteria, assessments, evaluations and reports."""

from .answers import Answer, AnswerRevision, Assessment, Evaluation, WorkshopAttendee
from .content import Choice, CriteriaSet, Criterion, GoldenCase, PolicyRule, Question, Questionnaire, Section
from .impact import ImpactRun
from .reports import Report
from .samples import ProviderProfile, SampleFingerprints, SampleUpload
from .versioning import ContentError, ImmutableVersionError, VersionStatus

__all__ = [
    "Answer",
    "AnswerRevision",
    "Assessment",
    "Choice",
    "ContentError",
    "CriteriaSet",
    "Criterion",
    "Evaluation",
    "GoldenCase",
    "ImpactRun",
    "ImmutableVersionError",
    "PolicyRule",
    "ProviderProfile",
    "Question",
    "Questionnaire",
    "Report",
    "SampleFingerprints",
    "SampleUpload",
    "Section",
    "VersionStatus",
    "WorkshopAttendee",
]
