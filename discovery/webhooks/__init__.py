"""Signed webhooks: an admin registers endpoints; events are written as delivery rows with the
change that causes them and sent by the worker (the email outbox's pattern, web/jobs.py's lifecycle).

Modules:
    models.py — endpoints, the events, one row per delivery
    signing.py — Standard Webhooks signatures (pure)
    payloads.py — what a webhook says: ids and a summary, never client data
    services.py — queue an event, send, retry, sweep, replay; register and pause endpoints
    tasks.py — send one delivery (retried with backoff), the sweep
    forms.py — the admin's new-endpoint form
    pages.py — the admin's endpoints page and delivery log (with replay)
    urls.py — the admin's webhook URLs
"""
