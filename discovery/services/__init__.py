"""Writes on the engagement side: one verb per function, transactional, tasks queued on commit.

Modules:
    intake.py — a public request → organisation, contact, engagement, assessment
    workshop.py — workshop mode: consultants answer with the client in the room
    client_links.py — private links: issue, exchange for a session, revoke, reissue
    limits.py — hourly counters for the public forms, in the shared cache
"""
