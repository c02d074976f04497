"""Sign-in lockout, public rate limits, the request log and HTTPS detection under production
settings: none of them can be steered by a forged X-Forwarded-For or X-Forwarded-Proto."""

import io
import logging

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse

from .client_helpers import VALID_REQUEST

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
VICTIM = "192.0.2.10"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _production_like(settings):
    # What a production deployment runs with: forwarded headers trusted from nobody by default,
    # and the proxy SSL header configured (as settings.py does under DISCOVERY_ENV=production).
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


@pytest.mark.parametrize("proxy_count", [0, 1])
def test_rotating_forwarded_for_does_not_dodge_the_account_limit(client, alice, settings, proxy_count):
    settings.TRUSTED_PROXY_COUNT = proxy_count
    for n in range(25):
        # A new claimed address every time; behind one proxy even the right-most entry rotates
        # (as it would for an attacker with many real addresses).
        _sign_in(client, "alice", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.{n}")
    response = _sign_in(client, "alice", "correct horse battery", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_for_cannot_lock_out_a_victims_address(client, bob, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        _sign_in(client, f"guess{n}", "wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)
    # Every attempt is recorded against the address that really sent it.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    response = _sign_in(client, "bob", "correct horse battery", REMOTE_ADDR=VICTIM)
    assert response.status_code == 302


def _request_assessments(client, count, forwarded_for, **meta) -> list[int]:
    statuses = []
    for n in range(count):
        data = {**VALID_REQUEST, "email": f"person{n}@northwind.example"}
        statuses.append(client.post("/request/", data, HTTP_X_FORWARDED_FOR=forwarded_for(n), **meta).status_code)
    return statuses


def test_the_intake_limit_holds_under_rotating_forwarded_for(client, settings):
    settings.INTAKE_LIMIT_PER_IP = 10
    statuses = _request_assessments(client, 14, lambda n: f"203.0.113.{n}", REMOTE_ADDR=ATTACKER)
    assert statuses == [302] * 10 + [429] * 4


def test_behind_one_proxy_the_limit_counts_the_address_the_proxy_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INTAKE_LIMIT_PER_IP = 3
    # The left-most entry is the sender's own text and rotates; the right-most is what our proxy saw.
    statuses = _request_assessments(client, 4, lambda n: f"203.0.113.{n}, {VICTIM}", REMOTE_ADDR=PROXY)
    assert statuses == [302, 302, 302, 429]
    # Someone else behind the same proxy is not held back by that.
    other = {**VALID_REQUEST, "email": "other@northwind.example"}
    assert client.post("/request/", other, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 302


def test_the_request_log_names_the_address_the_limits_use(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.5, {VICTIM}")
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert f"ip={VICTIM}" in logged or f'"ip": "{VICTIM}"' in logged
    assert "203.0.113.5" not in logged


def test_forwarded_proto_from_an_untrusted_peer_does_not_make_a_request_secure(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_forwarded_proto_from_our_proxy_is_believed(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = [PROXY]
    assert client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https").status_code == 200
