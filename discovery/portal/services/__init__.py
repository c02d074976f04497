"""Client-side writes: intake, private links, the public forms' hourly limits.

Writes of the client portal: one verb per function, transactional, tasks queued on commit.

Modules:
    client_links.py — private links: issue, exchange for a session, revoke, reissue
    intake.py — a public request → organisation, contact, engagement, assessment
    limits.py — hourly counters for the public forms, in the shared cache
"""
