"""Every task publishes without time limits, so the worker's own settings decide (web/task_limits.py)."""

from unittest import mock

import pytest

from assessments.tasks import impact_run_task, report_generate_task, sample_analyse_task
from config.celery import app
from discovery.tasks import outbox_sweep_task, outgoing_email_send_task


@pytest.mark.parametrize(
    ("task", "ids"),
    [
        (report_generate_task, [1]),
        (sample_analyse_task, [1]),
        (impact_run_task, [1]),
        (outgoing_email_send_task, [1]),
        (outbox_sweep_task, []),
    ],
)
def test_a_message_carries_no_time_limits_of_the_sending_process(task, ids, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # published, as the web process does
    with mock.patch.object(app, "send_task") as send:
        task.delay(*ids)
    limits = send.call_args.kwargs
    assert (limits["time_limit"], limits["soft_time_limit"]) == (None, None)


def test_the_worker_applies_the_limits_from_its_settings_to_every_task(settings):
    for task in (report_generate_task, impact_run_task, outgoing_email_send_task):
        assert (task.soft_time_limit, task.time_limit) == (
            settings.CELERY_TASK_SOFT_TIME_LIMIT,
            settings.CELERY_TASK_TIME_LIMIT,
        )
    assert (sample_analyse_task.soft_time_limit, sample_analyse_task.time_limit) == (
        settings.SAMPLE_ANALYSIS_SOFT_TIME_LIMIT,
        settings.SAMPLE_ANALYSIS_TIME_LIMIT,
    )
