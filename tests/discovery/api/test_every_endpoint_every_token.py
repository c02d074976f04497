"""Every API endpoint, for every kind of token, with real ids, garbage ids and garbage bodies:
never a 5xx; no token, a revoked or expired one and a read-only one never change a row; only a
read-write token writes. (The session personas walk the API too, in test_every_url_every_persona.)"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from discovery.api.models import IntegrationToken
from tests.discovery.api.tokens import bearer, make_token
from tests.test_every_url_every_persona import ROUTES, World, _changed_rows, _fingerprint, _paths

pytestmark = pytest.mark.django_db

API_ROUTES = [route for route, name in ROUTES if name.startswith("api:") and name != "api:docs"]
GARBAGE_BODIES = [{"target": "²", "lead": "9" * 25, "reason": "\x00", "organisation": ["x"], "consent": "maybe"}, "[1,"]


def test_the_walk_sees_every_api_endpoint():
    assert len(API_ROUTES) >= 12 and any("transition" in r for r in API_ROUTES)


def test_no_api_endpoint_answers_5xx_and_only_a_read_write_token_writes(alice, bob, ada):
    world = World(alice, bob)
    tokens = {"none": None}
    for name, scope, role in (
        ("read", IntegrationToken.READ, IntegrationToken.CONSULTANT),
        ("read_write", IntegrationToken.READ_WRITE, IntegrationToken.CONSULTANT),
        ("admin", IntegrationToken.READ_WRITE, IntegrationToken.ADMIN),
        ("revoked", IntegrationToken.READ_WRITE, IntegrationToken.ADMIN),
        ("expired", IntegrationToken.READ_WRITE, IntegrationToken.ADMIN),
    ):
        token, raw = make_token(ada, name=f"walk {name}", scope=scope, role=role)
        tokens[name] = raw
        if name == "revoked":
            IntegrationToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        if name == "expired":
            IntegrationToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = Client(raise_request_exception=False)
    problems = []
    paths = [path for route in API_ROUTES for path in _paths(route, world)]
    for label, raw in tokens.items():
        headers = bearer(raw) if raw else {}
        before = _fingerprint()
        for path in paths:
            requests = [("GET", None)] + [("POST", body) for body in GARBAGE_BODIES]
            for method, body in requests:
                with transaction.atomic():
                    if method == "GET":
                        response = client.get(path, **headers)
                    else:
                        data = body if isinstance(body, str) else __import__("json").dumps(body)
                        response = client.post(path, data, content_type="application/json", **headers)
                    changed = _changed_rows(before, _fingerprint()) if label not in ("read_write", "admin") else []
                    transaction.set_rollback(True)
                # A token's last use is stamped on its own row: that is the only write a read makes.
                changed = [row for row in changed if not row.startswith("discovery_integrationtoken#")]
                where = f"{label} {method} {path}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif changed:
                    problems.append(f"{where}: changed {changed}")
                elif label in ("none", "revoked", "expired") and response.status_code not in (401, 404):
                    problems.append(f"{where}: {response.status_code} without a usable token")
                elif label == "read" and method == "POST" and response.status_code not in (403, 404, 405):
                    problems.append(f"{where}: a read token's write answered {response.status_code}")
    assert not problems, "\n".join(problems)
