"""The identity provider's endpoints, read from its discovery document (OpenID Connect Discovery
1.0: `<OIDC_ISSUER>/.well-known/openid-configuration`) and kept in the cache for an hour.

mozilla-django-oidc reads each endpoint from a setting; `sso_setting` answers those names from
the document instead, so only the issuer, the client id and the secret are configured.
"""

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.utils import import_from_settings

CACHE_SECONDS = 60 * 60
# The settings mozilla-django-oidc asks for, and the discovery document's name for each.
FROM_DOCUMENT = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class ProviderUnavailable(Exception):
    """The identity provider's discovery document can't be read (down, or not an OIDC issuer)."""


def provider_document() -> dict:
    """The issuer's discovery document (cached); ProviderUnavailable when it can't be had."""
    issuer = settings.OIDC_ISSUER
    key = f"sso:discovery:{issuer}"
    document = cache.get(key)
    if document is not None:
        return document
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT, allow_redirects=False
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{type(exc).__name__}") from None
    # The document must be the issuer's own (OIDC Discovery §4.3), and name every endpoint we use.
    if document.get("issuer", "").rstrip("/") != issuer or not all(document.get(k) for k in FROM_DOCUMENT.values()):
        raise ProviderUnavailable("the discovery document is not this issuer's, or lacks an endpoint")
    cache.set(key, document, CACHE_SECONDS)
    return document


def sso_setting(attr: str, *default):
    """A mozilla-django-oidc setting: an endpoint from the discovery document, the rest from settings."""
    if attr in FROM_DOCUMENT:
        if not settings.SSO_ENABLED:
            raise ImproperlyConfigured("Single sign-on is not configured (OIDC_ISSUER).")
        return provider_document()[FROM_DOCUMENT[attr]]
    return import_from_settings(attr, *default)
