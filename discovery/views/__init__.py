"""Views that belong to no one concept: the home pages, the health probes.

Modules:
    pages.py — the public home page and the signed-in home
    health.py — liveness and readiness probes
"""
