"""The engagement side of the domain (the project plumbing is in config/, the demo data in demo/).

Modules:
    workshop/ — workshop mode: consultants answer with the client in the room, a live verdict
    portal/ — the client portal: intake, private links, questionnaire pages, uploads, status
    engagements/ — the queue, the state machine, the response clock (SLA), review and delivery, their emails
    team/ — team and sign-in: the team page, invitations, two-step sign-in (MFA)
    privacy/ — a contact's data-protection requests (view, export, erase)
    analytics/ — portfolio analytics: figures, charts, filters, the page and its CSVs
    models/ — organisations, contacts, engagements, client links, profiles, outbox, privacy, team
    views/ — the pages of no one concept: public and signed-in home, health probes, the editor's answer pages
    editor_urls.py — the editor's pages drawn with the client's question widgets
    tasks.py — Celery tasks: the outbox send and sweep, reminders
    roles.py — the staff roles as groups, role decorators, the "acts as lead" check
    log_redaction.py — keeping secrets in URLs out of logs
    context_processors.py — the user's roles for every template
    checks.py — system checks for a production deployment
    signals.py — role groups kept in step with the code after every migrate
    apps.py — the app config
"""
