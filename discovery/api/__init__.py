"""The JSON API under /api/v1/ (Django REST Framework, an OpenAPI 3 schema by drf-spectacular) and
the integration tokens it is called with.

Modules:
    models.py — integration tokens (stored as a digest; scope, role, expiry, last use, revocation)
    services.py — make, revoke and look up a token
    backend.py — the permissions of a token's account: those of its role while it is usable
    authentication.py — `Authorization: Bearer dsc_…` as DRF sees it, and how the schema names it
    permissions.py — a consultant's role for any call, a read-write token for a write
    throttling.py — a request budget per token
    pagination.py — lists in pages
    filters.py — list filters (status, lead, updated since…)
    etags.py — ETag and 304 Not Modified on every read
    refusals.py — every error as JSON; the pages' refusals with their 400 or 409
    serializers.py — what each resource shows and what each write accepts
    views.py — the endpoints (reads, and writes through the pages' services)
    forms.py — the admin's new-token form
    pages.py — the admin's token page
    urls.py — /api/v1/ (with the schema and docs) and the token page
"""
