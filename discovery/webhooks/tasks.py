"""Background jobs for webhooks: send one delivery (retried with backoff), and the sweep.

Thin adapters: ids in, a service call. The services import this module to queue the tasks, so
each task imports its service inside the function (the one sanctioned import cycle).
"""

from celery import shared_task
from django.conf import settings

from web.jobs import retry_delay
from web.outages import is_outage


class WebhookNotDelivered(Exception):
    """What a retry records: the class of error or the status code only."""


@shared_task(bind=True, acks_late=True, max_retries=None)
def webhook_deliver_task(self, delivery_id: int) -> None:
    """Send one delivery. An endpoint that is down or answers other than 2xx is retried with
    backoff (30 s, 60 s, 2 min…, WEBHOOK_MAX_RETRIES times), then the delivery is failed for an
    admin to replay; a database or broker outage is left to the sweep, never a failure."""
    from discovery.webhooks import services  # the services import this module

    try:
        outcome = services.webhook_delivery_send(delivery_id=delivery_id, task_id=self.request.id or "")
    except Exception as exc:
        if is_outage(exc):
            services.webhook_delivery_release(delivery_id=delivery_id)
            return
        raise
    if outcome is None or outcome.delivered:
        return  # not this run's, or done
    if self.request.retries >= settings.WEBHOOK_MAX_RETRIES:
        services.webhook_delivery_mark_failed(delivery_id=delivery_id, error=outcome.error)
        return
    services.webhook_delivery_release(delivery_id=delivery_id, error=outcome.error)
    raise self.retry(exc=WebhookNotDelivered(outcome.error), countdown=retry_delay(30, self.request.retries))


@shared_task
def webhook_sweep_task() -> int:
    """Every 2 minutes: queue again deliveries left waiting or sending for 5 minutes."""
    from discovery.webhooks.services import webhook_sweep  # the services import this module

    return webhook_sweep()
