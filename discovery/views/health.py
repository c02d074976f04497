"""Liveness and readiness probes for load balancers and `docker compose`."""

import structlog
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

log = structlog.get_logger(__name__)


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """The process is up and serving requests. Touches nothing else on purpose."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not ready"; the reason goes to the log
        log.warning("readiness.database_unreachable", exc_info=True)
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        log.warning("readiness.broker_unreachable", exc_info=True)
        return False


@login_not_required
@require_GET
@never_cache
def readyz(request):
    """Ready to take traffic: the database and the Celery broker both answer (503 otherwise)."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    ready = all(checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {k: "ok" if v else "failed" for k, v in checks.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)
