from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = "Engagements"

    def ready(self):
        from . import checks, signals  # noqa: F401 - registers system checks; connects post_migrate role setup
