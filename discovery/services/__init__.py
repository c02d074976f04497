"""Writes on the engagement side: one verb per function, transactional, tasks queued on commit."""
