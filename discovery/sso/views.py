"""The two steps of a sign-in through the identity provider (mozilla-django-oidc's views), public,
answering 404 while SSO is off, and a clear message (never a 500) when the provider can't be
reached or refuses."""

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from discovery.sso.provider import ProviderUnavailable, sso_setting

UNREACHABLE = "The identity provider can't be reached just now; try again in a minute."
REFUSED = (
    "Single sign-on didn't sign you in: your email must be verified by the identity provider and belong "
    "to a Discovery account (or to a domain an admin allowed)."
)


@method_decorator(login_not_required, name="dispatch")
class SsoStart(OIDCAuthenticationRequestView):
    """Send the browser to the identity provider (with state, nonce and a PKCE challenge)."""

    get_settings = staticmethod(sso_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)  # endpoints read in get()

    def get(self, request):
        if not settings.SSO_ENABLED:
            raise Http404("Single sign-on is not configured.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            messages.error(request, UNREACHABLE)
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class SsoCallback(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back: the backend checks it and signs in."""

    get_settings = staticmethod(sso_setting)

    def get(self, request):
        if not settings.SSO_ENABLED:
            raise Http404("Single sign-on is not configured.")
        try:
            return super().get(request)
        except (ProviderUnavailable, requests.RequestException):
            messages.error(request, UNREACHABLE)
        except SuspiciousOperation:
            messages.error(request, REFUSED)
        return redirect("login")

    def login_failure(self):
        messages.error(self.request, REFUSED)
        return redirect("login")
