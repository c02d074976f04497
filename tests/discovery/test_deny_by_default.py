"""Every URL needs a login unless it is on the public list below.

The test walks the whole URL configuration, so a new view is covered the moment it is routed:
it either redirects an anonymous visitor to a login page, or someone added it here on purpose.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Route names that anyone may open. Adding to this list is a security decision.
PUBLIC = {
    "public-home",
    "healthz",
    "readyz",
    "login",
    "admin:login",
    "admin:logout",
    "admin:password_reset",
    "admin:password_reset_done",
    "admin:password_reset_confirm",
    "admin:password_reset_complete",
    "admin:jsi18n",
    "admin:view_on_site",
    # The client's way in: the intake, and the pages that turn a private link into a session.
    "client-intake",
    "client-confirmation",
    "client-link",
    "client-link-no-slash",
    "client-link-invalid",
    "client-link-request",
    # An invited consultant has no password yet: the one-time link lets them set one.
    "invite-accept",
    # Single sign-on is a way of signing in: its two steps are public (a 404 while SSO is off).
    "oidc_authentication_init",
    "oidc_authentication_callback",
}

# The JSON API authenticates each request with an integration token, not a session: without
# one it answers 401 in JSON, never data (tests/discovery/api/test_every_endpoint_every_token.py
# walks every endpoint with every kind of token).
TOKEN = "api:"

# Pages that authenticate with a client session opened by a private link instead of a login.
# Without one they show the same "this link is not valid" page, never the engagement.
CLIENT_SESSION = {
    "client-status",
    "client-section",
    "client-autosave",
    "client-review",
    "client-submit",
    "client-report",
    "client-report-pdf",
    "client-report-docx",
    "client-sample-upload",
    "client-sample",
    "client-sample-retry",
    "client-colleagues",
    "client-disagreement-settle",
    "client-colleague-remove",
}

SAMPLE_ARGS = {
    "int": "1",
    "id": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}{entry.name}" if entry.name else None), entry


def _sample_path(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "sample"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex routes (the admin's)
    return "/" + route


def _routes():
    return [
        (route, name)
        for route, name, _ in _walk(get_resolver())
        if name not in PUBLIC | CLIENT_SESSION and not (name or "").startswith(TOKEN) or name == "api:docs"
    ]


def _token_routes():
    return [(route, name) for route, name, _ in _walk(get_resolver()) if (name or "").startswith(TOKEN)]


def _client_routes():
    return [(route, name) for route, name, _ in _walk(get_resolver()) if name in CLIENT_SESSION]


@pytest.mark.parametrize(("route", "name"), _routes())
def test_anonymous_visitors_are_sent_to_a_login_page(client, route, name):
    response = client.get(_sample_path(route))
    assert response.status_code == 302, f"{name or route} answered {response.status_code} to an anonymous visitor"
    assert "/login/" in response["Location"], f"{name or route} redirected to {response['Location']}"


@pytest.mark.parametrize(("route", "name"), [r for r in _token_routes() if r[1] != "api:docs"])
def test_api_endpoints_without_a_token_answer_401_in_json(client, route, name):
    response = client.get(_sample_path(route))
    assert response.status_code == 401, f"{name} answered {response.status_code} without a token"
    if name != "api:schema":  # the schema's refusal is written in the schema's own format
        assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


@pytest.mark.parametrize(("route", "name"), _client_routes())
def test_client_pages_without_a_link_session_show_only_the_link_not_valid_page(client, route, name):
    for response in (client.get(_sample_path(route)), client.post(_sample_path(route))):
        assert response.status_code == 404, f"{name} answered {response.status_code} without a client session"
        assert [t.name for t in response.templates][0] == "client/link_invalid.html", name


def test_the_public_lists_only_name_routes_that_exist():
    names = {name for _, name, _ in _walk(get_resolver())}
    stale = {name for name in PUBLIC | CLIENT_SESSION if name not in names and not name.startswith("admin:")}
    assert not stale
