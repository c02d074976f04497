import os

from django.core.checks import Tags, run_checks
from django.core.management.base import SystemCheckError
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn runs no system checks of its own: refuse to serve on a configuration that would quietly
# weaken a limit (a per-process cache in production, discovery/checks.py).
_errors = [e for e in run_checks(tags=[Tags.caches]) if e.is_serious()]
if _errors:
    raise SystemCheckError("\n".join(str(e) for e in _errors))
