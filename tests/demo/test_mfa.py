"""The demo admin can still sign in: a known authenticator secret, and a command for the code."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo import people
from demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_demo_admin_signs_in_with_the_printed_code(client, capsys):
    people.build(None)
    call_command("demo_mfa_code")
    code = re.match(r"(\d{6}) ", capsys.readouterr().out).group(1)
    client.post(reverse("login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert client.get(reverse("queue"))["Location"].startswith(reverse("mfa-verify"))
    assert client.post(reverse("mfa-verify"), {"code": code}).status_code == 302
    assert client.get(reverse("queue")).status_code == 200


def test_the_demo_code_is_never_printed_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="local demo data only"):
        call_command("demo_mfa_code")
