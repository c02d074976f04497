"""The engagement side of the domain (the project plumbing is in config/, the demo data in demo/).

Modules:
    engagements/ — the queue, the state machine, the response clock (SLA), review and delivery, their emails
    team/ — team and sign-in: the team page, invitations, two-step sign-in (MFA)
    privacy/ — a contact's data-protection requests (view, export, erase)
    analytics/ — portfolio analytics: figures, charts, filters, the page and its CSVs
    models/ — organisations, contacts, engagements, client links, profiles, outbox, privacy, team
    services/ — engagement writes: intake, engagements, submission, delivery, outbox, team, privacy
    views/ — thin views: client pages, queue, engagements, workshop, review, team, MFA
    client_urls.py — the client's URLs: public intake and the private-link pages
    editor_urls.py — the editor's pages drawn with the client's question widgets
    forms_intake.py — public forms: the assessment request, asking for a new link
    tasks.py — Celery tasks: the outbox send and sweep, reminders
    roles.py — the staff roles as groups, role decorators, the "acts as lead" check
    log_redaction.py — keeping secrets in URLs out of logs
    context_processors.py — the user's roles for every template
    checks.py — system checks for a production deployment
    signals.py — role groups kept in step with the code after every migrate
    apps.py — the app config
"""
