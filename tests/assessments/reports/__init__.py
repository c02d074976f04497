"""Tests for the report package (assessments/reports/): rendering, tasks, the report's own pages, commands."""
