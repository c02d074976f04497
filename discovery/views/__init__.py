"""Views that belong to no one concept: the home pages, the health probes, the editor's answer pages.

Modules:
    pages.py — the public home page and the signed-in home
    editor_answers.py — the editor's pages answered with the client's widgets
    health.py — liveness and readiness probes
"""
