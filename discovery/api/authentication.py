"""`Authorization: Bearer dsc_…`: the integration token a request carries, as DRF sees it."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from discovery.api.services import integration_token_for


class IntegrationTokenAuthentication(authentication.BaseAuthentication):
    """(the token's user, the token) for a usable token; no header: anonymous (then refused 401
    by the permission); a header with a token that is unknown, revoked or expired: 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send one token: Authorization: Bearer dsc_…")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("That token is not valid.") from None
        token = integration_token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("That token is not valid: unknown, revoked or expired.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token (drf-spectacular finds this class by its target)."""

    target_class = IntegrationTokenAuthentication
    name = "integrationToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An integration token (dsc_…) an admin made."}
