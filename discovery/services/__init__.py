"""Writes on the engagement side: one verb per function, transactional, tasks queued on commit.

Modules:
    intake.py — a public request → organisation, contact, engagement, assessment
    engagements.py — assign, change status, note, create, remind
    submission.py — submitting an assessment (client and workshop alike)
    delivery.py — delivering a report: the lead approves, the engagement moves
    workshop.py — workshop mode: consultants answer with the client in the room
    client_links.py — private links: issue, exchange for a session, revoke, reissue
    notifications.py — every email Discovery sends, from templates/emails/
    outbox.py — queue an email with its change, send once, resend, sweep
    organisations.py — one organisation per client, however its name is spelled
    limits.py — hourly counters for the public forms, in the shared cache
"""
