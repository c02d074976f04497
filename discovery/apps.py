from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = "Engagements"

    def ready(self):
        from . import signals  # noqa: F401 - connects post_migrate role setup
