"""Plumbing every app shares, below both apps.

It imports neither `assessments` nor `discovery` (the import-linter contract in pyproject.toml).

Modules:
    ids.py — ids named by a request as database keys, or None (parse_id)
    converters.py — the `<id:…>` URL converter: a key, or a 404
    outages.py — database or broker outages: telling one from a bug, enqueue_on_commit, queue_now
    jobs.py — one job-row lifecycle: claim, stale takeover, requeue, fail, sweep (JobKind per kind)
    task_limits.py — time limits are the worker's: messages are published without them
    body_limits.py — 413 for a request body over its route's limit, before it is read
    client_address.py — who sent the request, believing forwarded headers only from trusted proxies
    middleware.py — request clean-up and the request log
    exports.py — downloadable files (CSV, XLSX), written one way
    text.py — text as an XML document (XLSX, DOCX) can hold it
    refusals.py — one base class for refusals a person reads (Refused) and @refusal_shown, which shows them
    names.py — a person's name as pages show it: display_name(user) and its template filter
    dates.py — the named date formats (DATE, DATETIME, …) and the date_as template filter
    sealed.py — secrets at rest (API keys): sealed with Fernet under a key derived from SECRET_KEY
"""
