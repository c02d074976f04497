"""The Celery application. Broker and schedule come from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task publishes without time limits, so the worker's own settings apply (web/task_limits.py).
app = Celery("discovery", task_cls="web.task_limits:WorkerTimeLimits")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
