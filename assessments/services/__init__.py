"""Writes on the assessment side: one verb per function, transactional, tasks queued on commit.

Modules:
    answers.py — saving answers: clients a section at a time, consultants in the workshop
    content.py — a content document → draft rows
    editing.py — editor edits to a draft (*_update/_add/_remove)
    evaluation.py — the one evaluation path: answers → engine → immutable snapshot
    golden_cases.py — golden cases on a draft criteria set
    impact.py — impact analysis: what a draft would change in every verdict on record
    publishing.py — a version copied into a new draft, a document imported as one, a draft published
    respondents.py — several respondents: their own answers, the derived answer, settling disagreements
    samples.py — uploads: accept, analyse, sweep, purge
    baseline.py — baseline runs: start (consent, estimate), execute, cancel, resume, sweep; connection slots
"""
