"""The project plumbing: what Django, Celery and the process managers load by name. No domain code.

Modules:
    settings.py — every deployment knob, read from the environment
    urls.py — the root URLconf: each concept's URL module, the sign-in pages, the admin
    celery.py — the Celery application (`celery -A config`)
    devserver.py — `make run`: web server, worker and beat together
    wsgi.py — the WSGI entry point gunicorn serves (it runs the production system checks first)
"""

# Load the Celery app whenever Django starts (DJANGO_SETTINGS_MODULE imports this package) so
# @shared_task binds to it.
from .celery import app as celery_app

__all__ = ["celery_app"]
