"""Settings come from the environment; each case runs Django in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    " 'pool': s.DATABASES['default'].get('OPTIONS', {}).get('pool'), 'broker': s.CELERY_BROKER_URL,"
    " 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'email': s.EMAIL_BACKEND,"
    " 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0)}))"
)


def _settings(tmp_path, **env):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "DISCOVERY_", "SECRET"))
    }
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}, **env)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )
    return result


def test_defaults_need_no_service_sqlite_and_a_file_broker(tmp_path):
    result = _settings(tmp_path)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].startswith(str(tmp_path))
    assert values["broker"] == "filesystem://"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["debug"] is True


def test_database_url_selects_postgresql_with_a_connection_pool(tmp_path):
    result = _settings(tmp_path, DATABASE_URL="postgres://app:secret@db.internal:5432/discovery")
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "discovery"
    assert values["pool"]["max_size"] == 10


def test_production_mode_is_secure_by_default(tmp_path):
    result = _settings(
        tmp_path,
        DISCOVERY_ENV="production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="discovery.example.com",
        CELERY_BROKER_URL="redis://redis:6379/0",
        EMAIL_URL="smtp+tls://user:pw@mail.example.com:587",
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["debug"] is False
    assert values["hosts"] == ["discovery.example.com"]
    assert values["broker"] == "redis://redis:6379/0"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["hsts"] >= 31536000


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _settings(tmp_path, DISCOVERY_ENV="production", ALLOWED_HOSTS="x.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION_ENV = {
    "DISCOVERY_ENV": "production",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "discovery.example.com",
}


def _run(tmp_path, code: str, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "DISCOVERY_", "CACHE"))}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_with_a_per_process_cache(tmp_path):
    # Two gunicorn workers with their own caches would each grant the whole rate limit.
    for code in (
        "from django.core.management import execute_from_command_line as m; m(['x', 'check'])",
        "import config.wsgi",
    ):
        result = _run(tmp_path, code, **PRODUCTION_ENV)
        assert result.returncode != 0
        assert "discovery.E001" in result.stderr and "CACHE_URL" in result.stderr


def test_production_starts_with_a_shared_cache_and_development_with_the_local_one(tmp_path):
    code = "from django.core.management import execute_from_command_line as m; m(['x', 'check'])"
    shared = _run(tmp_path, code, **PRODUCTION_ENV, CACHE_URL="redis://redis:6379/1")
    assert shared.returncode == 0, shared.stderr
    assert _run(tmp_path, "import config.wsgi").returncode == 0


def test_trusted_proxies_must_be_addresses(tmp_path):
    result = _run(tmp_path, "import django; django.setup()", TRUSTED_PROXIES="10.0.0.0/8,proxy.internal")
    assert result.returncode != 0
    assert "'proxy.internal' is not an IP address or network" in result.stderr


def test_the_working_week_and_holidays_are_read_and_bad_values_are_refused_at_start(tmp_path):
    ok = _settings(tmp_path, SLA_WORKING_DAYS="1,2,3,4,5,6", SLA_HOLIDAYS="2026-12-25,2026-12-28")
    assert ok.returncode == 0, ok.stderr
    for env, message in (
        ({"SLA_WORKING_DAYS": "0,8"}, "SLA_WORKING_DAYS must list ISO weekdays"),
        ({"SLA_WORKING_DAYS": "mon,tue"}, "SLA_WORKING_DAYS must list ISO weekdays"),
        ({"SLA_HOLIDAYS": "25/12/2026"}, "SLA_HOLIDAYS must be dates written YYYY-MM-DD"),
    ):
        refused = _settings(tmp_path, **env)
        assert refused.returncode != 0 and message in refused.stderr


def test_the_demo_app_is_installed_in_development_and_not_in_production(tmp_path):
    # Demo data is development's only: in production its commands (load_demo, demo_mfa_code) don't exist.
    code = "import django; django.setup(); from django.apps import apps; print(apps.is_installed('demo'))"
    development = _run(tmp_path, code)
    production = _run(tmp_path, code, **PRODUCTION_ENV, CACHE_URL="redis://redis:6379/1")
    assert development.returncode == 0 and production.returncode == 0, development.stderr + production.stderr
    assert development.stdout.split() == ["True"]
    assert production.stdout.split() == ["False"]
