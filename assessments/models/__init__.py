"""Questionnaires, criteria, assessments, evaluations and reports.

Modules:
    baseline.py — model connections, baseline runs, their response cache and concurrency slots
    answers.py — assessments, answers (with revisions), evaluation snapshots, workshop attendees
    content.py — versioned questionnaires and criteria sets, stored as editable data
    content_checks.py — what makes a content row, or a whole version, invalid
    impact.py — impact analysis runs
    reports.py — recommendation reports, one row per version
    respondents.py — several respondents per assessment: their own answers, and settled disagreements
    samples.py — uploaded samples, their fingerprints, provider profiles and their figures' sources
    versioning.py — draft → published → retired, and immutability, shared by all content
"""

from .answers import Answer, AnswerRevision, Assessment, Evaluation, WorkshopAttendee
from .baseline import BaselineCall, BaselineRun, ConnectionSlot, ModelConnection
from .content import Choice, CriteriaSet, Criterion, GoldenCase, PolicyRule, Question, Questionnaire, Section
from .impact import ImpactRun
from .reports import Report
from .respondents import Reconciliation, Respondent, RespondentAnswer
from .samples import ProfileFigure, ProviderProfile, SampleFingerprints, SampleUpload
from .versioning import ContentError, ImmutableVersionError, VersionStatus

__all__ = [
    "Answer",
    "AnswerRevision",
    "Assessment",
    "BaselineCall",
    "BaselineRun",
    "Choice",
    "ConnectionSlot",
    "ContentError",
    "CriteriaSet",
    "Criterion",
    "Evaluation",
    "GoldenCase",
    "ImpactRun",
    "ImmutableVersionError",
    "ModelConnection",
    "PolicyRule",
    "ProfileFigure",
    "ProviderProfile",
    "Question",
    "Questionnaire",
    "Reconciliation",
    "Report",
    "Respondent",
    "RespondentAnswer",
    "SampleFingerprints",
    "SampleUpload",
    "Section",
    "VersionStatus",
    "WorkshopAttendee",
]
