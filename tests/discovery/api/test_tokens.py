"""Integration tokens: made by an admin and shown once, stored hashed, scoped, expiring, revocable,
rate-limited, and checked against the pages' role rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from discovery.api.models import IntegrationToken
from discovery.models import Engagement
from discovery.roles import is_admin, is_consultant
from tests.discovery.api.tokens import bearer, make_token
from tests.discovery.engagement_factories import make_engagement

pytestmark = pytest.mark.django_db


def test_the_admin_page_shows_a_new_token_once_and_stores_only_its_digest(admin_client):
    response = admin_client.post(
        "/integrations/tokens/", {"name": "CRM", "scope": "read", "role": "consultant", "days": "30"}
    )
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("dsc_") and raw.encode() in response.content
    token = IntegrationToken.objects.get(name="CRM")
    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64
    again = admin_client.get("/integrations/tokens/")
    assert raw.encode() not in again.content


def test_a_consultant_cannot_reach_the_token_page(client, alice):
    client.force_login(alice)
    assert client.get("/integrations/tokens/").status_code == 403
    assert (
        client.post("/integrations/tokens/", {"name": "x", "scope": "read", "role": "admin", "days": "3"}).status_code
        == 403
    )
    assert not IntegrationToken.objects.exists()


def test_a_bad_token_form_is_a_400_that_keeps_nothing(admin_client, ada):
    make_token(ada, name="CRM")
    response = admin_client.post(
        "/integrations/tokens/", {"name": "crm", "scope": "read", "role": "consultant", "days": "30"}
    )
    assert response.status_code == 400 and b"exists already" in response.content
    assert admin_client.post("/integrations/tokens/", {"name": "X", "scope": "all", "days": "0"}).status_code == 400
    assert IntegrationToken.objects.count() == 1


def test_a_token_account_is_in_no_staff_group_yet_has_its_roles_permissions(ada):
    token, _ = make_token(ada, role=IntegrationToken.CONSULTANT)
    assert not token.user.groups.exists()
    assert is_consultant(token.user) and not is_admin(token.user)
    admin_token, _ = make_token(ada, name="Ticketing", role=IntegrationToken.ADMIN)
    assert is_admin(admin_token.user)


def test_no_token_an_unknown_one_an_expired_one_and_a_revoked_one_are_401(client, ada):
    engagement = make_engagement()
    assert client.get("/api/v1/engagements/").status_code == 401
    assert client.get("/api/v1/engagements/", **bearer("dsc_nope")).status_code == 401
    expired, raw_expired = make_token(ada, name="Old")
    IntegrationToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/engagements/", **bearer(raw_expired)).status_code == 401
    token, raw = make_token(ada)
    assert client.get(f"/api/v1/engagements/{engagement.pk}/", **bearer(raw)).status_code == 200
    admin_client = client
    admin_client.force_login(ada)
    admin_client.post(f"/integrations/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None and not is_consultant(token.user)
    assert client.get(f"/api/v1/engagements/{engagement.pk}/", **bearer(raw)).status_code == 401


def test_a_read_token_reads_but_every_write_is_403_and_changes_nothing(client, ada):
    engagement = make_engagement(status=Engagement.REQUESTED)
    _, raw = make_token(ada, scope=IntegrationToken.READ)
    assert client.get("/api/v1/engagements/", **bearer(raw)).status_code == 200
    response = client.post(
        f"/api/v1/engagements/{engagement.pk}/transition/",
        {"target": "workshop_scheduled"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED


def test_the_token_records_its_last_use(client, ada):
    token, raw = make_token(ada)
    assert token.last_used_at is None
    client.get("/api/v1/organisations/", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_over_its_rate_is_told_to_wait_with_429(client, ada, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min"}}
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    before = SimpleRateThrottle.THROTTLE_RATES
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        _, raw = make_token(ada)
        other_token, other = make_token(ada, name="Other")
        codes = [client.get("/api/v1/organisations/", **bearer(raw)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert client.get("/api/v1/organisations/", **bearer(other)).status_code == 200  # counted per token
    finally:
        SimpleRateThrottle.THROTTLE_RATES = before  # the settings fixture restores the rest
