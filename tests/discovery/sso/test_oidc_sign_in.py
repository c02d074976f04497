"""Staff single sign-on against an identity provider the tests start themselves: matched by
verified email, created only for an allowed domain and with no role, the role kept, SSO_ONLY."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from discovery.roles import is_admin, is_consultant
from discovery.sso.models import SsoDomain
from tests.discovery.sso.idp import CLIENT_ID, FakeIdentityProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp(settings):
    provider = FakeIdentityProvider()
    settings.OIDC_ISSUER = provider.issuer
    settings.SSO_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OIDC_PROVIDER_NAME = "Test IdP"
    yield provider
    provider.close()


def sign_in(client, idp, **claims):
    """Walk the browser's two steps; returns the callback's response."""
    idp.claims = {"sub": claims.get("email", "x"), "email_verified": True, **claims}
    start = client.get("/accounts/sso/start/")
    assert start.status_code == 302 and start["Location"].startswith(f"{idp.issuer}/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    assert query["client_id"] == CLIENT_ID and query["code_challenge_method"] == "S256"
    idp.nonce = query["nonce"]
    return client.get(f"/accounts/sso/callback/?code=the-code&state={query['state']}")


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_sign_in_page_offers_the_identity_provider(client, idp):
    assert b"Sign in with Test IdP" in client.get("/accounts/login/").content


def test_a_consultant_signs_in_by_verified_email_and_keeps_their_role(client, idp, alice):
    response = sign_in(client, idp, email="ALICE@discovery.example", groups=["Admins"])
    assert response.status_code == 302 and signed_in_as(client) == str(alice.pk)
    alice.refresh_from_db()
    assert is_consultant(alice) and not is_admin(alice)  # the provider's "groups" changed nothing
    request = idp.token_requests[-1]
    assert request["code"] == "the-code" and request["code_verifier"]  # PKCE


def test_an_unverified_email_signs_nobody_in(client, idp, alice):
    response = sign_in(client, idp, email="alice@discovery.example", email_verified=False)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert signed_in_as(client) is None


def test_a_newcomer_gets_an_account_without_a_role_only_from_an_allowed_domain(client, idp):
    sign_in(client, idp, email="newcomer@consultancy.example", given_name="Nia")
    assert (
        signed_in_as(client) is None
        and not get_user_model().objects.filter(email="newcomer@consultancy.example").exists()
    )
    SsoDomain.objects.create(domain="consultancy.example")
    sign_in(client, idp, email="newcomer@consultancy.example", given_name="Nia")
    user = get_user_model().objects.get(email="newcomer@consultancy.example")
    assert signed_in_as(client) == str(user.pk)
    assert not user.groups.exists() and not user.has_usable_password() and user.first_name == "Nia"


def test_an_id_token_for_another_application_is_refused(client, idp, alice):
    idp.audience = "some-other-app"
    sign_in(client, idp, email="alice@discovery.example")
    assert signed_in_as(client) is None


def test_an_identity_provider_that_is_down_gives_a_message_not_an_error(client, settings, alice):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.SSO_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    response = client.get("/accounts/sso/start/", follow=True)
    assert response.status_code == 200 and b"can&#x27;t be reached" in response.content


def test_sso_is_a_404_while_it_is_not_configured(client):
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_with_sso_only_a_password_signs_nobody_in_and_no_second_step_is_asked(client, idp, settings, ada):
    settings.SSO_ONLY = True
    page = client.get("/accounts/login/")
    assert b"only" in page.content and b'name="password"' not in page.content
    client.post("/accounts/login/", {"username": "ada", "password": "correct horse battery"})
    assert signed_in_as(client) is None
    sign_in(client, idp, email="ada@discovery.example")
    assert signed_in_as(client) == str(ada.pk)
    assert client.get("/team/").status_code == 200  # an admin, and no MFA step: the provider's job


def test_an_admin_allows_and_removes_a_domain(admin_client, alice):
    assert admin_client.post("/integrations/sso/", {"domain": "Consultancy.Example"}).status_code == 302
    domain = SsoDomain.objects.get()
    assert domain.domain == "consultancy.example"
    assert admin_client.post("/integrations/sso/", {"domain": "not a domain"}).status_code == 400
    consultant = Client()
    consultant.force_login(alice)
    assert consultant.post(f"/integrations/sso/{domain.pk}/remove/").status_code == 403
    assert SsoDomain.objects.exists()
    admin_client.post(f"/integrations/sso/{domain.pk}/remove/")
    assert not SsoDomain.objects.exists()
