from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and criteria"

    def ready(self):
        # Tasks need no import here: Celery's autodiscovery finds assessments/tasks.py.
        from . import signals  # noqa: F401 - connects post_migrate content loading
