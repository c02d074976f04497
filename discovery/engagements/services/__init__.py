"""Engagement writes: state changes, submission, delivery, organisations, the outbox and its emails.

Writes of the engagements concept: one verb per function, transactional, tasks queued on commit.

Modules:
    delivery.py — delivering a report: the lead approves, the engagement moves
    engagements.py — assign, change status, note, create, remind
    notifications.py — every email Discovery sends, from templates/emails/
    organisations.py — one organisation per client, however its name is spelled
    outbox.py — queue an email with its change, send once, resend, sweep
    submission.py — submitting an assessment (client and workshop alike)
"""
