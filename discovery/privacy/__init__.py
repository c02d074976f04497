"""A contact's data-protection requests (view, export, erase).

A contact's data-protection requests, for admins: what is held, a JSON export, erasure. The rows
stay in `discovery/models/privacy.py` (the models package keeps one module per concept).

Modules:
    urls.py — the privacy URLs: a contact's page, export and erasure
    views.py — data-protection requests for a contact: view, export, erase
    forms.py — the erasure confirmation form
    services.py — export or erase one contact's data
"""
