"""What every app's views share about HTTP itself, below both apps: reading the ids a request names.

It imports neither `assessments` nor `discovery` (the import-linter contract in pyproject.toml).
"""
