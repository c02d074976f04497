"""Webhooks: queue an event with the change that causes it, send each delivery once (signed),
retry, sweep, replay; register and pause endpoints.

`webhook_event` writes one delivery row per subscribed endpoint inside the caller's transaction
and queues the send when it commits (the email outbox's pattern): a broker or an endpoint that is
down only delays a delivery. Rows move through the one job lifecycle (web/jobs.py).
"""

import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from discovery.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from discovery.webhooks.payloads import webhook_payload
from discovery.webhooks.signing import new_message_id, new_secret, signed_headers
from discovery.webhooks.tasks import webhook_deliver_task
from web.jobs import JobKind, job_claim, job_fail, job_requeue, job_sweep
from web.outages import enqueue_on_commit
from web.refusals import Refused
from web.sealed import seal

log = structlog.get_logger(__name__)

# Sealed under an earlier SECRET_KEY: unreadable now, so nothing can be signed with it.
CANNOT_SIGN = (
    "The endpoint's signing secret can't be read (the server's SECRET_KEY changed since it was made): "
    "add the endpoint again to issue a new secret."
)

# Its lifecycle (web/jobs.py): a failure never overwrites a delivered row.
WEBHOOK_JOB = JobKind(
    model=WebhookDelivery,
    waiting=WebhookDelivery.PENDING,
    working=WebhookDelivery.SENDING,
    failed=WebhookDelivery.FAILED,
    task=webhook_deliver_task,
    claimed_by="claimed_by",
    keep=(WebhookDelivery.DELIVERED,),
)


class EndpointRefused(Refused):
    """An endpoint that can't be registered as given."""


def webhook_event(*, event: str, engagement, report=None) -> int:
    """Queue `event` about `engagement` (and `report`) to every active endpoint subscribed to it,
    in the current transaction; returns how many deliveries were written."""
    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if event in e.events]
    if not endpoints:
        return 0
    payload = webhook_payload(event=event, engagement=engagement, report=report)
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, message_id=new_message_id(), payload=payload
        )
        enqueue_on_commit(webhook_deliver_task, delivery.pk)
    return len(endpoints)


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    error: str = ""


def webhook_delivery_send(*, delivery_id: int, task_id: str) -> Outcome | None:
    """Send one delivery, signed; None when it isn't this run's (web/jobs.py's claim).

    1. Claim it. 2. POST the payload with the Standard Webhooks headers, not following redirects,
    within WEBHOOK_TIMEOUT_SECONDS. 3. A 2xx marks it delivered; anything else is recorded (status
    code or error class) and returned for the task to retry. The receiver's body is never kept.
    """
    if not job_claim(WEBHOOK_JOB, delivery_id, task_id=task_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        job_fail(WEBHOOK_JOB, delivery_id, error="The endpoint was paused before this was sent.")
        return None  # nothing to retry
    secret = endpoint.signing_secret
    if secret is None:
        job_fail(WEBHOOK_JOB, delivery_id, error=CANNOT_SIGN)
        return None  # retrying can't help: the secret has to be issued again
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = signed_headers(secret=secret, message_id=delivery.message_id, timestamp=int(time.time()), body=body)
    code = None
    try:
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False
        )
        code = response.status_code
        error = "" if 200 <= code < 300 else f"The endpoint answered {code}."
    except requests.RequestException as exc:
        error = f"Not reached: {type(exc).__name__}."
    now = timezone.now()
    mine = WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.SENDING, claimed_by=task_id)
    if code == 410:
        # "Gone": the receiver wants no more (the Standard Webhooks spec): pause it, don't retry.
        webhook_endpoint_set_active(endpoint=endpoint, active=False)
        mine.update(response_code=code)
        job_fail(WEBHOOK_JOB, delivery_id, error="The endpoint answered 410 Gone: it was paused.")
        return None
    if not error:
        mine.update(
            status=WebhookDelivery.DELIVERED, response_code=code, error="", delivered_at=now, status_changed_at=now
        )
        return Outcome(delivered=True)
    mine.update(response_code=code, error=error)
    log.info("webhook.not_delivered", delivery_id=delivery_id, response_code=code)
    return Outcome(delivered=False, error=error)


def webhook_delivery_release(*, delivery_id: int, error: str | None = None) -> None:
    """Back to waiting after a failed try, for the task's retry or the sweep."""
    job_requeue(WEBHOOK_JOB, delivery_id, error=error)


def webhook_delivery_mark_failed(*, delivery_id: int, error: str) -> None:
    """Give up after the last retry; an admin sees it in the delivery log and can replay it."""
    job_fail(WEBHOOK_JOB, delivery_id, error=error)
    log.warning("webhook.failed", delivery_id=delivery_id)


def webhook_sweep(*, older_than_seconds: int = 300) -> int:
    """Queue again deliveries left waiting or sending since before the cutoff (web/jobs.py)."""
    return job_sweep(WEBHOOK_JOB, older_than_seconds=older_than_seconds)


def webhook_delivery_replay(*, delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Send a delivery again as a new row (same message id, so a receiver can tell it's the same
    event; `replay_of` it, `replayed_by` the admin); the original keeps its status and error."""
    if delivery.status in (WebhookDelivery.PENDING, WebhookDelivery.SENDING):
        raise EndpointRefused("That delivery is still being sent; replay it once it has finished.")
    if not delivery.endpoint.active:
        raise EndpointRefused("The endpoint is paused: resume it, then replay.")
    with transaction.atomic():
        again = WebhookDelivery.objects.create(
            endpoint=delivery.endpoint,
            event=delivery.event,
            message_id=delivery.message_id,
            payload=delivery.payload,
            replay_of=delivery,
            replayed_by=user,
        )
        enqueue_on_commit(webhook_deliver_task, again.pk)
    return again


def _checked_url(url: str) -> str:
    url = url.strip()
    try:
        URLValidator(schemes=["https"] if settings.PRODUCTION else ["http", "https"])(url)
    except ValidationError:
        raise EndpointRefused(
            "Give the endpoint's full address, https://… (plain http only outside production)."
        ) from None
    if urlsplit(url).username or urlsplit(url).password:
        raise EndpointRefused("Put no user name or password in the address; the signature authenticates us.")
    return url


def webhook_endpoint_create(*, url: str, events: list[str], description: str = "", user) -> WebhookEndpoint:
    """Register an endpoint with a new signing secret, stored sealed; the returned row carries
    it in the clear once, as `new_secret`, for the page that shows it to the admin."""
    known = set(WebhookEvent.values)
    chosen = [e for e in WebhookEvent.values if e in set(events)]
    if not chosen or not set(events) <= known:
        raise EndpointRefused("Choose at least one event from the list.")
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        url=_checked_url(url),
        events=chosen,
        description=" ".join(description.split())[:200],
        secret=seal(secret),
        created_by=user,
    )
    endpoint.new_secret = secret
    return endpoint


def webhook_endpoint_set_active(*, endpoint: WebhookEndpoint, active: bool) -> None:
    """Pause (nothing new is queued, waiting deliveries fail as paused) or resume an endpoint."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=active)
    endpoint.active = active
