"""System checks for a production deployment (run by `manage.py check`, `migrate` and at
start-up of the web process, config/wsgi.py)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches that live inside one process: each gunicorn worker would count its own limits.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def check_shared_cache_in_production(app_configs, **kwargs):
    """The intake, new-link and email limits are counted in the default cache; in production it
    must be one cache shared by every process, or each worker grants the whole limit again."""
    if not settings.PRODUCTION or settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            "The default cache holds one process's counts only, so rate limits would multiply by "
            "the number of web workers.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://redis:6379/1.",
            id="discovery.E001",
        )
    ]
