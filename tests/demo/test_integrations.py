"""The demo shows every integration state, again and again: a printed token that works, a revoked
one, an endpoint with delivered, failed and replayed deliveries, an allowed SSO domain."""

import io
import re

import pytest

from demo import engagements, integrations, people
from discovery.api.models import IntegrationToken
from discovery.models import SsoDomain, WebhookDelivery

pytestmark = pytest.mark.django_db


def test_the_demo_token_works_and_every_state_is_there_after_two_runs(client):
    people.build(io.StringIO())
    engagements.build(io.StringIO())
    for _ in range(2):
        out = io.StringIO()
        integrations.build(out)
    raw = re.search(r"(dsc_\S+)", out.getvalue()).group(1)
    assert client.get("/api/v1/engagements/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert IntegrationToken.objects.filter(name=integrations.DEMO_CRM).count() == 1
    assert IntegrationToken.objects.filter(revoked_at__isnull=False).count() == 1
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered", "failed"}
    assert WebhookDelivery.objects.filter(replay_of__isnull=False).count() == 1
    assert SsoDomain.objects.count() == 1
