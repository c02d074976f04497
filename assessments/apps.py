from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and criteria"

    def ready(self):
        from . import (
            impact_tasks,  # noqa: F401 - registers the impact analysis task
            signals,  # noqa: F401 - connects post_migrate content loading
        )
