"""Template filters of the assessments app.

Modules:
    verdicts.py — `{{ slug|verdict_label }}`: a verdict in words
"""
