"""Named personas shared by every test, so tests read as stories about the same people."""

import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Report
from assessments.reports.services import report_request
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.publishing import content_draft_from
from discovery import roles
from discovery.models import Contact
from discovery.roles import ADMINS, CONSULTANTS
from tests.assessments.reports.factories import make_assessment
from tests.worker_stack import migrated_database, on_postgres, on_redis, throwaway_redis, worker_stack  # noqa: F401


def pytest_configure(config):
    # On SQLite the test database is a file in memory-backed storage rather than Django's
    # in-memory database: that one is shared between threads through SQLite's shared cache,
    # where two writers fail at once with "database table is locked" instead of waiting out the
    # busy timeout as the file database `make run` uses does. Tests that run the baseline
    # executor's threads or a live server beside the test's own writes need the real behaviour.
    # (pytest-django adds each xdist worker's suffix to the name.)
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database.get("TEST", {}).get("NAME"):
        shm = Path("/dev/shm")
        folder = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
        database.setdefault("TEST", {})["NAME"] = str(folder / f"discovery-test-{os.getpid()}.sqlite3")


def _user(django_user_model, username, groups, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        password="correct horse battery",
        first_name=username.title(),
        email=f"{username}@discovery.example",
        **extra,
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def alice(db, django_user_model):
    """Alice, a consultant (architect)."""
    return _user(django_user_model, "alice", [CONSULTANTS])


@pytest.fixture
def bob(db, django_user_model):
    """Bob, another consultant."""
    return _user(django_user_model, "bob", [CONSULTANTS])


@pytest.fixture
def ada(db, django_user_model):
    """Ada, an admin (also a consultant, as admins are in practice)."""
    return _user(django_user_model, "ada", [ADMINS, CONSULTANTS], is_staff=True)


@pytest.fixture
def charlie(db, django_user_model):
    """Charlie has an account but no role."""
    return _user(django_user_model, "charlie", [])


@pytest.fixture
def admin_client(client, ada):
    """A test client signed in as Ada, the admin (in place of pytest-django's superuser one: the
    editor checks the Admins group, not is_superuser)."""
    client.force_login(ada)
    return client


@pytest.fixture
def criteria_draft(ada):
    """A new draft of the published criteria set, started by Ada (the editor's and admin's tests)."""
    return content_draft_from(version=published_criteria_set(), user=ada)


@pytest.fixture
def questionnaire_draft(ada):
    """A new draft of the published questionnaire, started by Ada."""
    return content_draft_from(version=published_questionnaire(), user=ada)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    # Unit tests run tasks inline; tests marked `worker` start a real worker instead.
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ready_report(alice):
    """A rendered first version for an engagement Alice leads, whose contact is Nora."""
    assessment = make_assessment("fine_tune", lead=alice)
    engagement = assessment.engagement
    engagement.contact = Contact.objects.create(
        organisation=engagement.organisation, name="Nora Client", email="nora@acme.example"
    )
    engagement.save()
    report = report_request(assessment=assessment)
    # What delivery needs from the architect (discovery.engagements.services.delivery.delivery_gaps).
    Report.objects.filter(pk=report.pk).update(
        narrative="Fine-tune now: your examples and volume support it.",
        no_engineers_reason="We will name the team once your budget is approved.",
    )
    report.refresh_from_db()
    return report


_force_login = ClientMixin.force_login


@pytest.fixture(autouse=True)
def _force_login_is_mfa_verified(monkeypatch):
    """`client.force_login(user)` (every Client, the walks' too) gives a session past the MFA step.

    Tests sign people in with force_login to test a page, not the sign-in. For a consultant or
    admin this gives them a confirmed TOTP device and records it in the session as django-otp's
    `login()` does (`otp_device_id`), so the MFA gate lets them through. Only in tests: real
    sessions get there only by typing a code. MFA's own tests sign in with a password instead.
    """

    def force_login(self, user, backend=None):
        _force_login(self, user, backend)
        if roles.is_consultant(user):
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="force_login (tests)", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and lockouts are counted in the cache: every test starts with none used up.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_enforced():
    """Ask for this in a browser test that walks the MFA steps; others skip them (below)."""


@pytest.fixture(autouse=True)
def _browser_journeys_skip_mfa(request, monkeypatch):
    # Browser journeys sign in with a password through the real form, where force_login's help
    # can't reach. Journeys about other features don't walk the MFA steps; the MFA journey does.
    if request.node.get_closest_marker("browser") and "mfa_enforced" not in request.fixturenames:
        monkeypatch.setattr(roles, "mfa_required", lambda user: False)


def pytest_report_header(config):
    # Said once at the top (the xdist controller collects nothing, so a count would be wrong there).
    missing = [name for name, present in (("PostgreSQL", on_postgres()), ("Redis", on_redis())) if not present]
    if missing:
        return (
            f"Fault tests that need {' and '.join(missing)} are deselected on this run "
            "(set DATABASE_URL / CELERY_BROKER_URL to select them, as CI's second pass does)"
        )
    return "PostgreSQL and Redis fault tests are selected"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` or `redis` produce a fault only those can have (connections killed
    mid-render, a frozen Redis): they are selected when DATABASE_URL / CELERY_BROKER_URL point at
    them (CI's second pass) and deselected, not skipped, on the embedded defaults.

    `make test` runs the tests that start real Celery workers (`worker`, `redis`) in a second,
    serial pytest run: on Redis their stacks share a broker database, and two at once would take
    each other's messages. (pytest-xdist's `xdist_group` can't do it: with pytest 9 its loadgroup
    scheduler no longer sees the group in the node id.)"""
    wanted = {"postgres": on_postgres(), "redis": on_redis()}
    keep, drop = [], []
    for item in items:
        needs = [name for name in wanted if item.get_closest_marker(name)]
        (keep if all(wanted[name] for name in needs) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
