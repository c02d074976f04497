"""The admin's webhook pages: endpoints (add, pause, resume) and each one's delivery log with replay."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from discovery.roles import admin_required
from discovery.webhooks.forms import EndpointForm
from discovery.webhooks.models import WebhookDelivery, WebhookEndpoint
from discovery.webhooks.services import (
    webhook_delivery_replay,
    webhook_endpoint_create,
    webhook_endpoint_set_active,
)
from web.refusals import Refused, refusal_shown

LOG_LENGTH = 100  # the newest deliveries shown per endpoint


@admin_required
def endpoints(request):
    form = EndpointForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = webhook_endpoint_create(**form.cleaned_data, user=request.user)
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            form = EndpointForm()
            messages.success(request, "Endpoint added. Copy its signing secret now: it is not shown again.")
    status = 400 if request.method == "POST" and created is None else 200
    return render(
        request,
        "integrations/webhooks.html",
        {"form": form, "created": created, "endpoints": WebhookEndpoint.objects.all()},
        status=status,
    )


@admin_required
def endpoint(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    deliveries = endpoint.deliveries.select_related("replayed_by")[:LOG_LENGTH]
    return render(request, "integrations/webhook.html", {"endpoint": endpoint, "deliveries": deliveries})


@admin_required
@require_POST
def endpoint_active(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    active = request.POST.get("active") == "1"
    webhook_endpoint_set_active(endpoint=endpoint, active=active)
    messages.success(request, "Endpoint resumed." if active else "Endpoint paused: no new events are queued for it.")
    return redirect("webhook-endpoint", pk=pk)


@admin_required
@require_POST
@refusal_shown("webhook-endpoint", "pk")
def delivery_replay(request, pk, delivery_id):
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=delivery_id, endpoint_id=pk)
    webhook_delivery_replay(delivery=delivery, user=request.user)
    messages.success(request, f"Sending {delivery.get_event_display().lower()} again (same message id).")
    return redirect("webhook-endpoint", pk=pk)
