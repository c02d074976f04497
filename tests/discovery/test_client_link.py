"""Private links: exchange for a session, expiry, revocation, reissue, asking for a new one."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from discovery.models import ClientLink, Engagement, EngagementEvent
from discovery.portal.services.client_links import client_link_reissue, client_link_revoke

from .client_helpers import emailed_token, request_assessment

pytestmark = pytest.mark.django_db
EMAIL = "nora@northwind.example"


@pytest.fixture
def token(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    client.cookies.clear()  # the emailed link is used in a fresh browser
    return emailed_token(EMAIL)


def test_the_link_opens_a_session_and_moves_to_a_url_without_the_token(client, token):
    response = client.get(f"/c/{token}/")
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get("/my/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Northwind Insurance Ltd" in page.content.decode()
    assert token not in page.content.decode()


def test_the_link_without_its_slash_is_served_and_no_redirect_repeats_the_token(client, token):
    response = client.get(f"/c/{token}")
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert token not in response["Location"]
    assert client.get("/my/").status_code == 200


def test_the_link_can_be_used_again_on_another_device(client, token, django_user_model):
    client.get(f"/c/{token}/")
    from django.test import Client

    other = Client()
    assert other.get(f"/c/{token}/")["Location"] == "/my/"
    assert other.get("/my/").status_code == 200


def test_a_wrong_token_gets_the_not_valid_page_with_a_way_to_ask_again(client, token):
    response = client.get("/c/not-a-real-token/")
    assert response.status_code == 302 and response["Location"] == "/request/link-not-valid/"
    assert response["Referrer-Policy"] == "no-referrer"
    response = client.get(response["Location"])
    assert response.status_code == 404
    html = response.content.decode()
    assert "This link is not valid" in html and 'action="/request/new-link/"' in html


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"", html)  # CSRF tokens are masked differently each time


def test_expired_and_revoked_links_fail_exactly_like_a_wrong_one(client, token, alice):
    wrong = client.get("/c/wrong-token/")
    ClientLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(f"/c/{token}/")
    ClientLink.objects.update(expires_at=timezone.now() + timedelta(days=1))
    for link in ClientLink.objects.all():
        client_link_revoke(link=link, user=alice)
    revoked = client.get(f"/c/{token}/")
    for response in (wrong, expired, revoked):
        assert response.status_code == 302 and response["Location"] == "/request/link-not-valid/"
    assert client.get("/request/link-not-valid/").status_code == 404


def test_revoking_a_link_ends_the_session_it_opened(client, token, alice):
    client.get(f"/c/{token}/")
    assert client.get("/my/").status_code == 200
    for link in ClientLink.objects.all():
        client_link_revoke(link=link, user=alice)
    response = client.get("/my/")
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()
    assert EngagementEvent.objects.filter(kind="link_revoked").exists()


def test_reissue_revokes_old_links_and_emails_a_new_one(client, token, alice, django_capture_on_commit_callbacks):
    engagement = Engagement.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_link_reissue(engagement=engagement, user=alice)
    assert client.get(f"/c/{token}/")["Location"] == "/request/link-not-valid/"
    fresh = emailed_token(EMAIL)
    assert client.get(f"/c/{fresh}/")["Location"] == "/my/"


def test_asking_for_a_new_link_emails_one_for_an_open_engagement(client, token, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/request/new-link/", {"email": EMAIL.upper()})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert client.get(f"/c/{emailed_token(EMAIL)}/")["Location"] == "/my/"


def test_asking_for_a_link_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, token, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/request/new-link/", {"email": "someone@else.example"})
        known = client.post("/request/new-link/", {"email": EMAIL})
    assert not [m for m in mail.outbox if "someone@else.example" in m.to]
    assert _without_csrf(unknown.content.replace(b"someone@else.example", EMAIL.encode())) == _without_csrf(
        known.content
    )


def test_asking_for_a_link_with_a_bad_address_shows_a_message(client):
    response = client.post("/request/new-link/", {"email": "nope"})
    assert response.status_code == 400 and "Enter a valid email address." in response.content.decode()


def test_a_delivered_engagement_gets_a_report_ready_link_and_can_ask_for_another(
    client, token, alice, django_capture_on_commit_callbacks
):
    Engagement.objects.update(status=Engagement.DELIVERED)
    engagement = Engagement.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_link_reissue(engagement=engagement, user=alice)
    assert mail.outbox[-1].subject == "Your readiness report is ready"
    assert client.get(f"/c/{emailed_token(EMAIL)}/")["Location"] == "/my/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/request/new-link/", {"email": EMAIL})
    assert len(mail.outbox) == 1


def test_a_withdrawn_engagement_gets_no_new_link(client, token, django_capture_on_commit_callbacks):
    Engagement.objects.update(status=Engagement.WITHDRAWN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/request/new-link/", {"email": EMAIL})
    assert not mail.outbox


def test_links_last_thirty_days_by_default(client, token):
    link = ClientLink.objects.first()
    assert abs(link.expires_at - link.created_at - timedelta(days=30)) < timedelta(seconds=5)


def test_links_expire_after_the_configured_days_and_end_the_sessions_they_opened(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CLIENT_LINK_TTL_DAYS = 7
    request_assessment(client, django_capture_on_commit_callbacks)
    client.cookies.clear()
    token = emailed_token(EMAIL)
    now = timezone.now()
    with time_machine.travel(now + timedelta(days=6, hours=23), tick=False):
        assert client.get(f"/c/{token}/")["Location"] == "/my/"
        assert client.get("/my/").status_code == 200
    with time_machine.travel(now + timedelta(days=7, minutes=1), tick=False):
        assert client.get("/my/").status_code == 404  # the session it opened ends with it
        assert client.get(f"/c/{token}/")["Location"] == "/request/link-not-valid/"
