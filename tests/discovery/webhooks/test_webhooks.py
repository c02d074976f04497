"""Webhooks: written with the change, signed so an independent Standard Webhooks library verifies
them, retried, replayed, and never carrying client data."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest.mock import patch

import pytest
from celery.exceptions import Retry
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from discovery.engagements.services.engagements import engagement_withdraw
from discovery.models import Engagement
from discovery.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from discovery.webhooks.payloads import DATA_KEYS
from discovery.webhooks.services import webhook_delivery_replay, webhook_endpoint_create, webhook_event, webhook_sweep
from discovery.webhooks.signing import new_secret, signed_headers
from discovery.webhooks.tasks import webhook_deliver_task
from tests.discovery.engagement_factories import make_engagement

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP endpoint answering each POST with the next status in `codes`, keeping what it got."""

    def __init__(self, codes):
        self.codes, self.received = list(codes), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    made = []

    def make(*codes):
        made.append(Receiver(codes))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_our_signature_verifies_with_the_standard_webhooks_library():
    secret, body = new_secret(), b'{"type":"engagement.requested"}'
    headers = signed_headers(secret=secret, message_id="msg_1", timestamp=int(time.time()), body=body)
    assert Webhook(secret).verify(body, headers) == json.loads(body)
    tampered = body.replace(b"requested", b"withdrawn")
    with pytest.raises(Exception, match="(?i)signature"):
        Webhook(secret).verify(tampered, headers)


def test_a_withdrawal_is_delivered_signed_with_ids_and_no_client_data(
    receiver, ada, django_capture_on_commit_callbacks
):
    endpoint_at = receiver(200)
    endpoint = webhook_endpoint_create(url=endpoint_at.url, events=[WebhookEvent.ENGAGEMENT_WITHDRAWN], user=ada)
    engagement = make_engagement("Secretive Org", use_case_description="Our confidential plans")
    with django_capture_on_commit_callbacks(execute=True):
        engagement_withdraw(engagement=engagement, user=ada, reason="Budget cut")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.DELIVERED and delivery.response_code == 200
    headers, body = endpoint_at.received[0]
    payload = Webhook(endpoint.signing_secret).verify(body, {k.lower(): v for k, v in headers.items()})
    assert payload["type"] == "engagement.withdrawn" and payload["data"]["engagement_id"] == engagement.pk
    assert set(payload["data"]) <= DATA_KEYS
    for secret in ("Secretive", "confidential", "Budget", engagement.contact.email, engagement.contact.name):
        assert secret not in body.decode()


def test_an_event_goes_only_to_active_endpoints_that_subscribed(ada):
    wanted = webhook_endpoint_create(url="http://127.0.0.1:9/a", events=[WebhookEvent.REPORT_READY], user=ada)
    webhook_endpoint_create(url="http://127.0.0.1:9/b", events=[WebhookEvent.ENGAGEMENT_SUBMITTED], user=ada)
    paused = webhook_endpoint_create(url="http://127.0.0.1:9/c", events=[WebhookEvent.REPORT_READY], user=ada)
    WebhookEndpoint.objects.filter(pk=paused.pk).update(active=False)
    assert webhook_event(event=WebhookEvent.REPORT_READY, engagement=make_engagement()) == 1
    assert WebhookDelivery.objects.get().endpoint == wanted


def _queued(url, ada):
    webhook_endpoint_create(url=url, events=[WebhookEvent.ENGAGEMENT_REQUESTED], user=ada)
    webhook_event(event=WebhookEvent.ENGAGEMENT_REQUESTED, engagement=make_engagement())  # not committed: not sent
    return WebhookDelivery.objects.get()


def test_an_endpoint_that_fails_is_retried_with_backoff_then_delivered(receiver, ada):
    endpoint_at = receiver(500, 503, 200)
    delivery = _queued(endpoint_at.url, ada)
    for retries, wait in ((0, 30), (1, 60)):
        with pytest.raises(Retry) as retry:
            webhook_deliver_task.apply(args=[delivery.pk], retries=retries)
        assert wait // 2 <= retry.value.when <= wait
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.PENDING and "50" in delivery.error
    webhook_deliver_task.apply(args=[delivery.pk], retries=2)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED and delivery.attempts == 3 and delivery.response_code == 200
    assert {headers["webhook-id"] for headers, _ in endpoint_at.received} == {delivery.message_id}


def test_an_endpoint_that_never_answers_2xx_is_failed_after_the_last_retry(receiver, ada, settings):
    settings.WEBHOOK_MAX_RETRIES = 2
    delivery = _queued(receiver(500).url, ada)
    webhook_deliver_task.apply(args=[delivery.pk], retries=2)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.FAILED and delivery.response_code == 500 and "500" in delivery.error


def test_an_unreachable_endpoint_is_retried_not_failed(ada):
    delivery = _queued("http://127.0.0.1:9/x", ada)
    with pytest.raises(Retry):
        webhook_deliver_task.apply(args=[delivery.pk], retries=0)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.PENDING and delivery.error.startswith("Not reached")


def test_a_delivery_the_broker_lost_is_queued_again_by_the_sweep(ada):
    _queued("http://127.0.0.1:9/x", ada)  # the broker never got it
    WebhookDelivery.objects.update(status_changed_at=timezone.now() - timedelta(minutes=10))
    with patch("discovery.webhooks.tasks.webhook_deliver_task.delay") as send:
        assert webhook_sweep() == 1
    assert send.called


def test_replay_from_the_admin_page_sends_the_same_message_again(
    receiver, admin_client, ada, django_capture_on_commit_callbacks
):
    endpoint_at = receiver(200, 200)
    endpoint = webhook_endpoint_create(url=endpoint_at.url, events=[WebhookEvent.ENGAGEMENT_REQUESTED], user=ada)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_event(event=WebhookEvent.ENGAGEMENT_REQUESTED, engagement=make_engagement())
    first = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/integrations/webhooks/{endpoint.pk}/deliveries/{first.pk}/replay/")
    assert response.status_code == 302
    replay = WebhookDelivery.objects.exclude(pk=first.pk).get()
    assert replay.replay_of == first and replay.replayed_by == ada and replay.status == WebhookDelivery.DELIVERED
    assert [h["webhook-id"] for h, _ in endpoint_at.received] == [first.message_id, first.message_id]
    log = admin_client.get(f"/integrations/webhooks/{endpoint.pk}/")
    assert log.status_code == 200 and b"Delivered" in log.content and b"200" in log.content


def test_a_delivery_still_waiting_cannot_be_replayed(ada):
    webhook_endpoint_create(url="http://127.0.0.1:9/x", events=[WebhookEvent.ENGAGEMENT_REQUESTED], user=ada)
    webhook_event(event=WebhookEvent.ENGAGEMENT_REQUESTED, engagement=make_engagement())
    with pytest.raises(Exception, match="still being sent"):
        webhook_delivery_replay(delivery=WebhookDelivery.objects.get(), user=ada)


def test_the_admin_sees_the_secret_once_and_a_bad_endpoint_is_a_400(admin_client, client, alice):
    response = admin_client.post("/integrations/webhooks/", {"url": "http://127.0.0.1:9/x", "events": ["report.ready"]})
    secret = WebhookEndpoint.objects.get().signing_secret
    assert response.status_code == 200 and secret.encode() in response.content
    assert secret.encode() not in admin_client.get("/integrations/webhooks/").content
    assert (
        admin_client.post("/integrations/webhooks/", {"url": "ftp://x", "events": ["report.ready"]}).status_code == 400
    )
    assert admin_client.post("/integrations/webhooks/", {"url": "http://x.example/", "events": []}).status_code == 400
    client.force_login(alice)
    assert client.get("/integrations/webhooks/").status_code == 403
    assert WebhookEndpoint.objects.count() == 1


def test_each_event_is_written_where_its_change_happens(ada, ready_report):
    webhook_endpoint_create(url="http://127.0.0.1:9/x", events=list(WebhookEvent.values), user=ada)
    from assessments.reports.services import report_render

    report_render(report_id=ready_report.pk)
    assert WebhookDelivery.objects.filter(
        event=WebhookEvent.REPORT_READY, payload__data__report_id=ready_report.pk
    ).exists()
    engagement = make_engagement(status=Engagement.REQUESTED)
    engagement_withdraw(engagement=engagement, user=ada, reason="No budget")
    assert WebhookDelivery.objects.filter(event=WebhookEvent.ENGAGEMENT_WITHDRAWN).count() == 1


def test_an_endpoint_that_answers_410_gone_is_paused_and_not_retried(receiver, ada):
    delivery = _queued(receiver(410).url, ada)
    webhook_deliver_task.apply(args=[delivery.pk], retries=0)  # no Retry raised
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.FAILED and delivery.response_code == 410
    assert not delivery.endpoint.active


def test_the_signing_secret_is_sealed_at_rest_and_unreadable_under_another_secret_key(settings, ada):
    endpoint = webhook_endpoint_create(url="https://hooks.example/in", events=["report.ready"], user=ada)
    stored = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert endpoint.new_secret.startswith("whsec_") and endpoint.new_secret not in stored.secret
    assert stored.signing_secret == endpoint.new_secret
    settings.SECRET_KEY = "another-key-" + "x" * 40
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).signing_secret is None
