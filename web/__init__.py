"""Plumbing every app shares, below both apps: reading the ids a request names (ids.py), and
surviving a database or broker outage (outages.py).

It imports neither `assessments` nor `discovery` (the import-linter contract in pyproject.toml).
"""
