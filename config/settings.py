"""Discovery settings: one file, every deployment knob read from the environment.

Defaults are for a checkout that runs at once (SQLite and a file-system Celery broker under
var/). Production sets DISCOVERY_ENV=production, which turns on the secure defaults and refuses
to start without a real SECRET_KEY.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

from web.client_address import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is convenient in development; real deployments pass the environment directly.
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DISCOVERY_ENV = env.str("DISCOVERY_ENV", default="development")
if DISCOVERY_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DISCOVERY_ENV must be development, test or production")
PRODUCTION = DISCOVERY_ENV == "production"

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DISCOVERY_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-" + "x" * 40  # noqa: S105 - never used in production
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in emails (and the demo client link) point at the port `make run` serves on unless set.
# The reverse proxies in front of the app (web/client_address.py): how many there are, and/or
# their addresses. Forwarded headers (X-Forwarded-For, X-Forwarded-Proto) count only from them;
# with neither set, the app believes only the connection's own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
try:
    TRUSTED_PROXIES = parse_trusted_proxies(env.list("TRUSTED_PROXIES", default=[]))
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator-app codes
    "django_otp.plugins.otp_static",  # single-use recovery codes
    "csp",
    "django_structlog",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs page's Swagger UI, served from our own static files
    "mozilla_django_oidc",
    "discovery",
    "assessments",
]
# The demo data (`make run`) is an app of its own, loaded only outside production: its commands
# don't exist there, and the image doesn't ship it (demo/__init__.py says why).
if not PRODUCTION:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First: X-Forwarded-Proto counts only from our own proxy (TRUSTED_PROXY_COUNT / TRUSTED_PROXIES).
    "web.middleware.DropUntrustedForwardedProto",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that can answer early (a 413, the MFA redirect), so every response,
    # refusals included, carries the Content-Security-Policy and X-Frame-Options headers.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body: a body over its route's limit is refused with 413 unread.
    "web.body_limits.LimitRequestBody",
    # Before anything reads a field: U+0000 is dropped from every GET and POST value.
    "web.middleware.DropNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # request.user.is_verified(): whether this session entered a one-time code (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Then deny by default again: a signed-in user who owes a code (or an enrolment) reaches only
    # the MFA pages and sign-out until they give it.
    "discovery.team.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "web.middleware.RequestLog",
    # Last, so that it sees the final authentication outcome.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "discovery.context_processors.roles",
                "discovery.context_processors.response_promise",
                "discovery.context_processors.sso",
            ],
            # Filters every template uses without a {% load %}: a person's name and the named
            # date formats (one rule each).
            "builtins": ["web.names", "web.dates"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'discovery.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool replaces persistent connections; Django requires CONN_MAX_AGE=0 with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The pool checks a connection before lending it, so after a database restart nobody gets a
    # connection the server already closed.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
        "timeout": env.int("DB_POOL_TIMEOUT", default=10),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the Celery worker share the file; wait for a lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on for staff (OpenID Connect), when OIDC_ISSUER is set (discovery/sso/).
    "discovery.sso.backend.StaffOIDCBackend",
    # Signs nobody in: gives an integration token's account the permissions of the token's role.
    "discovery.api.backend.IntegrationRoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public-home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
# Per account, whatever the address: wrong passwords for one username lock that username from
# everywhere, so rotating addresses gains nothing, and no address is ever locked (so nobody can lock
# out an office behind one address). axes.W006 asks for an address lock against rotating user agents
# or cookies, which a username lock doesn't depend on; an address lock would also be wiped by any
# right password from that address, taking the code step's count with it (tests/discovery/team/test_mfa.py).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on stderr: `manage.py assess` writes only problems there
AXES_CLIENT_IP_CALLABLE = "web.client_address.client_ip"  # the address recorded with each attempt

# Multi-factor sign-in (TOTP with recovery codes, django-otp). MFA_REQUIRED_FOR says who must
# enrol before using the app: "admins" (the default) or "all" (consultants too). Anyone who has
# enrolled is asked for a code at every sign-in, whatever this says.
MFA_REQUIRED_FOR = env.str("MFA_REQUIRED_FOR", default="admins")
if MFA_REQUIRED_FOR not in {"admins", "all"}:
    raise ImproperlyConfigured("MFA_REQUIRED_FOR must be admins or all")
OTP_TOTP_ISSUER = env.str("MFA_ISSUER", default="Discovery")  # the name authenticator apps show
# Invitation links (Django's password-reset tokens) stop working after this many hours, and once
# the password is set (the token hashes the password).
PASSWORD_RESET_TIMEOUT = 60 * 60 * env.int("INVITE_LINK_TTL_HOURS", default=72)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks for it at start-up
# Report PDFs and uploads: local files under MEDIA_ROOT by default; STORAGE_BACKEND=s3 puts them in
# an S3-compatible bucket (AWS, MinIO, Ceph…) so several web and worker hosts share them. Code
# reads them only through the storage API (`.open()`), never by path.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    if not env.str("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            # Unset: AWS itself. Set for MinIO or another S3-compatible service.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Unset keys: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # MinIO and most self-hosted services want path-style URLs; AWS accepts both.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            # Client files are private: no public ACL, and never overwrite an existing object
            # (a second version of a name gets a suffix, as on local disk).
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be local or s3")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Discovery <discovery@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where new submissions and SLA alerts go when no lead architect is assigned yet.
CONSULTANTS_EMAIL = env.list("CONSULTANTS_EMAIL", default=[])

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# A broker that stops answering must not hold a request: every publish (after a commit, in the
# request) waits at most these timeouts, tried at most CELERY_PUBLISH_MAX_RETRIES more times; what
# isn't queued stays a row for the sweep (web/outages.py). The same timeouts guard the cache.
BROKER_CONNECT_TIMEOUT = env.float("BROKER_CONNECT_TIMEOUT", default=1.0)
BROKER_SOCKET_TIMEOUT = env.float("BROKER_SOCKET_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": env.int("CELERY_PUBLISH_MAX_RETRIES", default=0),
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
        "socket_timeout": BROKER_SOCKET_TIMEOUT,
        # Longer than the longest wait of a message held for a retry (countdowns up to 8 minutes)
        # plus the hard time limit, so a live worker's message is never handed out twice.
        "visibility_timeout": 3600,
    }
elif CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / "broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Broadcast (control) messages too, or kombu writes them under the current folder.
        "control_folder": str(_broker_dir / "control"),
        # The worker lists the folder this often (default 1 s); a directory listing is cheap, and a
        # submitted report should not wait a second before it starts rendering.
        "polling_interval": 0.1,
    }
# Two queues, so reports and emails never wait behind analyses: sample analyses and impact runs
# (minutes each, started by uploads and editors) go to "analyses", everything else to "celery".
# A worker started without -Q (make run, the tests) consumes both; production runs one worker per
# queue (docker-compose.yml).
CELERY_TASK_DEFAULT_QUEUE = "celery"
ANALYSES_QUEUE = "analyses"
# Each queue its own exchange and routing key, so a message lands in exactly one of them.
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name) for name in (CELERY_TASK_DEFAULT_QUEUE, ANALYSES_QUEUE)
]
CELERY_TASK_ROUTES = {
    "assessments.tasks.sample_analyse_task": {"queue": ANALYSES_QUEUE},
    "assessments.tasks.impact_run_task": {"queue": ANALYSES_QUEUE},
}
# Status lives on our own rows (reports, jobs); nobody reads Celery results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task's limits, as the worker reads them (messages carry none: web/task_limits.py), so
# they need setting where the worker runs. Seconds; a fraction is allowed (tests use a short
# soft limit). Sample analysis has its own pair below.
CELERY_TASK_TIME_LIMIT = env.float("CELERY_TASK_TIME_LIMIT", default=120)
CELERY_TASK_SOFT_TIME_LIMIT = env.float("CELERY_TASK_SOFT_TIME_LIMIT", default=90)
if not 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_SOFT_TIME_LIMIT must be positive and below CELERY_TASK_TIME_LIMIT.")
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)  # KiB
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["report-sweep"] = {"task": "assessments.tasks.report_sweep_task", "schedule": 5 * 60}
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {"task": "discovery.tasks.outbox_sweep_task", "schedule": 2 * 60}
CELERY_BEAT_SCHEDULE["sla-reminders"] = {"task": "discovery.tasks.sla_reminders_task", "schedule": 15 * 60}
CELERY_BEAT_SCHEDULE["client-nudges"] = {"task": "discovery.tasks.client_nudges_task", "schedule": 60 * 60}

# --- Product settings -------------------------------------------------------------------------
RESPONSE_SLA_HOURS = env.int("RESPONSE_SLA_HOURS", default=48)
# The response clock runs on working days only (discovery/engagements/sla.py): ISO weekdays, Monday 1 … Sunday
# 7, and dates it stops for (comma-separated YYYY-MM-DD), so a deadline never falls on a day off.
try:
    SLA_WORKING_DAYS = frozenset(env.list("SLA_WORKING_DAYS", cast=int, default=[1, 2, 3, 4, 5]))
except ValueError:
    SLA_WORKING_DAYS = frozenset()
if not SLA_WORKING_DAYS or not SLA_WORKING_DAYS <= set(range(1, 8)):
    raise ImproperlyConfigured("SLA_WORKING_DAYS must list ISO weekdays 1 (Monday) to 7 (Sunday)")
try:
    SLA_HOLIDAYS = frozenset(date.fromisoformat(d) for d in env.list("SLA_HOLIDAYS", default=[]))
except ValueError as exc:
    raise ImproperlyConfigured("SLA_HOLIDAYS must be dates written YYYY-MM-DD, separated by commas") from exc
CLIENT_LINK_TTL_DAYS = env.int("CLIENT_LINK_TTL_DAYS", default=30)
# A client who requested an assessment and hasn't submitted is reminded this many days after the
# request (first and second reminder, once each).
CLIENT_NUDGE_FIRST_DAYS = env.int("CLIENT_NUDGE_FIRST_DAYS", default=3)
CLIENT_NUDGE_SECOND_DAYS = env.int("CLIENT_NUDGE_SECOND_DAYS", default=7)
if not 0 < CLIENT_NUDGE_FIRST_DAYS < CLIENT_NUDGE_SECOND_DAYS:
    raise ImproperlyConfigured("CLIENT_NUDGE_FIRST_DAYS must be positive and before CLIENT_NUDGE_SECOND_DAYS.")
# Intake abuse limits: requests per hour from one IP address and for one email address. They are
# counted in the cache, so with several web processes point CACHE_URL at a shared cache (Redis).
INTAKE_LIMIT_PER_IP = env.int("INTAKE_LIMIT_PER_IP", default=10)
INTAKE_LIMIT_PER_EMAIL = env.int("INTAKE_LIMIT_PER_EMAIL", default=3)
# Client data samples (training sample, eval set): size and line limits checked on upload, the
# per-line limit and near-duplicate threshold the analyser uses, and how long a raw file is
# kept after analysis (0: deleted as soon as it is analysed).
SAMPLE_MAX_BYTES = env.int("SAMPLE_MAX_BYTES", default=50 * 1024 * 1024)
SAMPLE_MAX_LINES = env.int("SAMPLE_MAX_LINES", default=200_000)
SAMPLE_MAX_LINE_BYTES = env.int("SAMPLE_MAX_LINE_BYTES", default=2_000_000)
SAMPLE_NEAR_DUPLICATE_THRESHOLD = env.float("SAMPLE_NEAR_DUPLICATE_THRESHOLD", default=0.9)
SAMPLE_RETENTION_DAYS = env.int("SAMPLE_RETENTION_DAYS", default=0)
# Request bodies: routes that take a data file (marked @large_body) accept the sample limit plus
# room for the form around it; every other URL a small body. Larger is refused with 413 before a
# byte is read. deploy/nginx.conf says the same (client_max_body_size): change both together.
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=3 * 1024 * 1024)
UPLOAD_MAX_BODY_BYTES = env.int("UPLOAD_MAX_BODY_BYTES", default=SAMPLE_MAX_BYTES + 1024 * 1024)
# Fairness: one assessment may upload at most this many files, and this many bytes, per hour.
SAMPLE_UPLOADS_PER_HOUR = env.int("SAMPLE_UPLOADS_PER_HOUR", default=10)
SAMPLE_UPLOAD_BYTES_PER_HOUR = env.int("SAMPLE_UPLOAD_BYTES_PER_HOUR", default=150 * 1024 * 1024)
# A 200,000-line file takes minutes to analyse, not a report's 90 s: its own task limits.
SAMPLE_ANALYSIS_TIME_LIMIT = env.float("SAMPLE_ANALYSIS_TIME_LIMIT", default=660)
SAMPLE_ANALYSIS_SOFT_TIME_LIMIT = env.float("SAMPLE_ANALYSIS_SOFT_TIME_LIMIT", default=600)
if not 0 < SAMPLE_ANALYSIS_SOFT_TIME_LIMIT < SAMPLE_ANALYSIS_TIME_LIMIT:
    raise ImproperlyConfigured("SAMPLE_ANALYSIS_SOFT_TIME_LIMIT must be positive and below SAMPLE_ANALYSIS_TIME_LIMIT.")
CELERY_BEAT_SCHEDULE["sample-purge"] = {"task": "assessments.tasks.samples_purge_task", "schedule": 60 * 60}
CELERY_BEAT_SCHEDULE["sample-sweep"] = {"task": "assessments.tasks.samples_sweep_task", "schedule": 5 * 60}
CELERY_BEAT_SCHEDULE["impact-sweep"] = {"task": "assessments.tasks.impact_sweep_task", "schedule": 5 * 60}
# Baseline runs (assessments/baseline/): a long run may take many minutes; past the soft limit it
# stops and is resumed from the response cache. The sweep requeues a run silent for 15 minutes.
BASELINE_RUN_TIME_LIMIT = env.float("BASELINE_RUN_TIME_LIMIT", default=3660)
BASELINE_RUN_SOFT_TIME_LIMIT = env.float("BASELINE_RUN_SOFT_TIME_LIMIT", default=3600)
if not 0 < BASELINE_RUN_SOFT_TIME_LIMIT < BASELINE_RUN_TIME_LIMIT:
    raise ImproperlyConfigured("BASELINE_RUN_SOFT_TIME_LIMIT must be positive and below BASELINE_RUN_TIME_LIMIT.")
CELERY_BEAT_SCHEDULE["baseline-sweep"] = {"task": "assessments.tasks.baseline_sweep_task", "schedule": 5 * 60}
# Publish the later default content when it is installed on migrate: criteria v2 (reads measured
# facts), questionnaire v2 (asks for the client's system prompt and quality target) and criteria v3
# (reads a measured baseline). The default since uploads and baseline runs feed it; false keeps the
# v1 questionnaire and criteria published.
CONTENT_INSTALL_MEASURED_CRITERIA = env.bool("CONTENT_INSTALL_MEASURED_CRITERIA", default=True)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://discovery")}
if "redis" in CACHES["default"]["BACKEND"].lower():
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": BROKER_CONNECT_TIMEOUT, "socket_timeout": BROKER_SOCKET_TIMEOUT}
    )

# --- Integrations: JSON API, webhooks, single sign-on -------------------------------------
# The JSON API (discovery/api/): integration tokens only, every refusal as JSON.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)  # a new token's default lifetime
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/min")  # per token (DRF's "N/second|min|hour|day")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["discovery.api.authentication.IntegrationTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["discovery.api.permissions.TokenRoleAndScope"],
    "DEFAULT_THROTTLE_CLASSES": ["discovery.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_RATE_LIMIT},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "discovery.api.pagination.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "discovery.api.refusals.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Discovery API",
    "DESCRIPTION": "Engagements, assessments, reports and evaluations for the consultancy's other systems.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links an operation's summary holds no link inside its button (axe-core's
    # nested-interactive); the page is short enough to scroll.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set (engagement status is also a transition's target and a withdrawn
    # engagement's former status; a report version has a status of its own).
    "ENUM_NAME_OVERRIDES": {
        "EngagementStatusEnum": "discovery.models.engagements.Engagement.STATUSES",
        "ReportStatusEnum": "assessments.models.reports.Report.STATUSES",
    },
}
# Webhooks (discovery/webhooks/): how long one send may take, and how often a failed one is retried.
# 15 s: the low end of the Standard Webhooks spec's recommended 15–30 s, well inside the task's limit.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=15.0)
WEBHOOK_MAX_RETRIES = env.int("WEBHOOK_MAX_RETRIES", default=6)
CELERY_BEAT_SCHEDULE["webhook-sweep"] = {"task": "discovery.webhooks.tasks.webhook_sweep_task", "schedule": 2 * 60}
# Single sign-on for staff over OpenID Connect (discovery/sso/): set OIDC_ISSUER (its discovery
# document gives the endpoints), the client id and secret. SSO_ONLY turns password sign-in off for
# everyone: two-step sign-in is then the identity provider's job.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your identity provider")
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=5.0)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = True  # only for allowed domains: discovery/sso/backend.py decides
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
SSO_ENABLED = bool(OIDC_ISSUER)
SSO_ONLY = env.bool("SSO_ONLY", default=False)
if SSO_ONLY and not (SSO_ENABLED and OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured("SSO_ONLY needs OIDC_ISSUER and OIDC_CLIENT_ID: nobody could sign in otherwise")

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging ----------------------------------------------------------------------------------
import structlog  # noqa: E402 - configured here because it reads settings above

from discovery.log_redaction import redact_tokens  # noqa: E402

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "console")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": (
                structlog.processors.JSONRenderer()
                if LOG_FORMAT == "json"
                # Plain tracebacks: rich's default prints every frame's local variables, which hold
                # clients' answers, emails and private-link tokens.
                else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
            ),
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                redact_tokens,
                structlog.processors.TimeStamper(fmt="iso"),
                structlog.stdlib.add_logger_name,
                structlog.stdlib.add_log_level,
            ],
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django_structlog": {"level": LOG_LEVEL},
        # runserver's access log, through the same formatter so URL tokens are redacted.
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},  # a line per layout step of every report page
        # The model providers' SDKs and their HTTP client log a line per call and per retry at
        # INFO: thousands in one baseline run, and a command's standard error is one line.
        "httpx": {"level": "WARNING"},
        "openai": {"level": "WARNING"},
        "anthropic": {"level": "WARNING"},
        "google_genai": {"level": "WARNING"},
    },
}
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        redact_tokens,
        structlog.stdlib.filter_by_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
