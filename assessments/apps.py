from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and criteria"

    def ready(self):
        from . import signals  # noqa: F401 - connects post_migrate content loading
