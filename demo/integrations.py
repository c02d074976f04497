"""The integrations, so the admin's pages show each state: an API token for a demo CRM (printed,
so the README's curl examples run), a revoked one, a webhook endpoint with recorded deliveries
(delivered, failed after its retries, replayed) and an allowed single sign-on domain.

The deliveries are recorded demo data, marked so in the endpoint's description: nothing was sent.
The endpoint points at a closed local port, so what the demo really queues to it fails and is
retried, as a real outage would be.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from discovery.api.models import IntegrationToken
from discovery.api.services import integration_token_create, integration_token_revoke
from discovery.models import Engagement, SsoDomain, WebhookDelivery, WebhookEndpoint, WebhookEvent
from discovery.webhooks.payloads import webhook_payload
from discovery.webhooks.services import webhook_endpoint_create
from discovery.webhooks.signing import new_message_id

DEMO_CRM = "Demo CRM"
OLD_SYSTEM = "Old ticketing system"
DEMO_HOOK = "http://127.0.0.1:9/demo-crm-webhook"
RECORDED = "Demo CRM — recorded demo deliveries, nothing was sent"


@transaction.atomic
def build(stdout) -> None:
    admin = get_user_model().objects.get(username="admin")
    # A token is never stored, so each run makes the demo CRM's afresh and prints it.
    old = IntegrationToken.objects.filter(name=DEMO_CRM).select_related("user").first()
    if old is not None:
        old.user.delete()  # its token goes with it
    _, raw = integration_token_create(
        name=DEMO_CRM, scope=IntegrationToken.READ_WRITE, role=IntegrationToken.CONSULTANT, user=admin
    )
    if not IntegrationToken.objects.filter(name=OLD_SYSTEM).exists():
        token, _ = integration_token_create(
            name=OLD_SYSTEM, scope=IntegrationToken.READ, role=IntegrationToken.CONSULTANT, user=admin
        )
        integration_token_revoke(token=token, user=admin)
    SsoDomain.objects.get_or_create(domain="consultancy.example", defaults={"allowed_by": admin})
    if not WebhookEndpoint.objects.filter(url=DEMO_HOOK).exists():
        endpoint = webhook_endpoint_create(
            url=DEMO_HOOK, events=list(WebhookEvent.values), description=RECORDED, user=admin
        )
        _record_deliveries(endpoint, admin)
    stdout.write(f"Demo API token (read-write, for the README's curl examples): {raw}\n")


def _record_deliveries(endpoint, admin) -> None:
    engagement = Engagement.objects.order_by("pk").first()
    if engagement is None:
        return
    now = timezone.now()
    payload = webhook_payload(event=WebhookEvent.ENGAGEMENT_SUBMITTED, engagement=engagement)
    common = {"endpoint": endpoint, "event": WebhookEvent.ENGAGEMENT_SUBMITTED, "payload": payload}
    WebhookDelivery.objects.create(
        **common,
        message_id=new_message_id(),
        status=WebhookDelivery.DELIVERED,
        attempts=1,
        response_code=200,
        created_at=now - timedelta(days=2),
        delivered_at=now - timedelta(days=2),
    )
    failed = WebhookDelivery.objects.create(
        **common,
        message_id=new_message_id(),
        status=WebhookDelivery.FAILED,
        attempts=7,
        response_code=503,
        error="The endpoint answered 503.",
        created_at=now - timedelta(days=1),
    )
    WebhookDelivery.objects.create(
        **common,
        message_id=failed.message_id,
        status=WebhookDelivery.DELIVERED,
        attempts=1,
        response_code=204,
        created_at=now - timedelta(hours=20),
        delivered_at=now - timedelta(hours=20),
        replay_of=failed,
        replayed_by=admin,
    )
