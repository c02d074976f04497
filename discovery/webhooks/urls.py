from django.urls import path

from discovery.webhooks import pages
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("integrations/webhooks/", pages.endpoints, name="webhook-endpoints"),
    path("integrations/webhooks/<id:pk>/", pages.endpoint, name="webhook-endpoint"),
    path("integrations/webhooks/<id:pk>/active/", pages.endpoint_active, name="webhook-endpoint-active"),
    path(
        "integrations/webhooks/<id:pk>/deliveries/<id:delivery_id>/replay/",
        pages.delivery_replay,
        name="webhook-delivery-replay",
    ),
]
