from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and criteria"

    def ready(self):
        # Tasks need no import here: Celery's autodiscovery finds assessments/tasks.py.
        from . import admin_connections, admin_profiles, signals  # noqa: F401 - admins; post_migrate content loading
