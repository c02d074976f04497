"""Named personas shared by every test, so tests read as stories about the same people."""

import pytest
from django.contrib.auth.models import Group

from assessments.reports.services import report_request
from discovery.models import Contact
from discovery.roles import ADMINS, CONSULTANTS
from tests.assessments.reports.factories import make_assessment


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
    report.refresh_from_db()
    return report
