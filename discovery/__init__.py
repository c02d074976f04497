"""The engagement side of the domain (the project plumbing is in config/, the demo data in demo/).

Modules:
    analytics/ — portfolio analytics: figures, charts, filters, the page and its CSVs
    models/ — organisations, contacts, engagements, client links, profiles, outbox, privacy, team
    services/ — engagement writes: intake, engagements, submission, delivery, outbox, team, privacy
    views/ — thin views: client pages, queue, engagements, workshop, review, team, MFA
    client_urls.py — the client's URLs: public intake and the private-link pages
    consultant_urls.py — the consultants' URLs: queue, engagements, workshop
    editor_urls.py — the editor's pages drawn with the client's question widgets
    report_urls.py — the `reports:` namespace: the report's pages plus review and delivery
    team_urls.py — the team page, invitations and MFA URLs
    forms.py — the login form
    forms_consultant.py — consultant forms: queue filters, notes, new workshop engagements, attendees
    forms_intake.py — public forms: the assessment request, asking for a new link
    forms_privacy.py — the erasure confirmation form
    forms_baseline.py — the baseline run forms: prepare (inputs, target) and start (cap, consent)
    forms_team.py — team forms (invite, role, profile) and the MFA forms
    selectors.py — reads for the consultant pages: queue, engagement, review team
    tasks.py — Celery tasks: the outbox send and sweep, reminders
    roles.py — the staff roles as groups, role decorators, the "acts as lead" check
    sla.py — the 48-hour promise as a pure function
    middleware.py — the MFA gate
    log_redaction.py — keeping secrets in URLs out of logs
    context_processors.py — the user's roles for every template
    checks.py — system checks for a production deployment
    signals.py — role groups kept in step with the code after every migrate
    apps.py — the app config
"""
