"""Staff sign-in through the identity provider (mozilla-django-oidc's backend, with our rules).

0. The ID token must be signed by the provider (its JWKS), unexpired, with our nonce, from our
   issuer and for our client id.
1. Only a verified email counts (`email_verified` true): it is matched to an active account
   with that email, case aside.
2. No account: one is created only when an admin allowed the email's domain (SsoDomain); it has
   no role until an admin gives one on the team page.
3. The identity provider never sets a role, a name or anything else: roles come from Discovery.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from discovery.sso.provider import sso_setting
from discovery.sso.services import sso_account_create, sso_domain_allowed


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Django makes a backend for every sign-in and every request's session user: nothing here
        # may read the network or require SSO to be configured (the endpoints are properties).
        self.UserModel = get_user_model()

    get_settings = staticmethod(sso_setting)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: sso_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: sso_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: sso_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not settings.SSO_ENABLED or request is None or "code" not in request.GET:
            return None  # a password sign-in, or SSO is off: not ours
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks the signature, expiry and nonce; an ID token must also be from our
        issuer and for us (OIDC Core §3.1.3.7), or a token another application got from the same
        provider would sign someone in here."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if (
            str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER
            or settings.OIDC_RP_CLIENT_ID not in audiences
        ):
            raise SuspiciousOperation("The ID token is not from our identity provider, or not for this application.")
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip(), is_active=True)

    def create_user(self, claims):
        """A newcomer gets an account only when their domain is allowed; None refuses the sign-in."""
        email = claims["email"].strip().lower()
        if not sso_domain_allowed(email):
            return None
        return sso_account_create(
            email=email, first_name=claims.get("given_name", ""), last_name=claims.get("family_name", "")
        )

    def update_user(self, user, claims):
        return user  # the role and the name are Discovery's: the identity provider changes neither

    def user_can_authenticate(self, user) -> bool:
        return user.is_active
