"""Integration tokens for API tests, made through the same service the admin's page uses."""

from discovery.api.models import IntegrationToken
from discovery.api.services import integration_token_create


def make_token(admin, *, name="CRM", scope=IntegrationToken.READ_WRITE, role=IntegrationToken.CONSULTANT, days=30):
    """(the token, its raw value) made by `admin`."""
    return integration_token_create(name=name, scope=scope, role=role, days=days, user=admin)


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
