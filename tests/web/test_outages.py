"""queue_now says whether the message reached the broker, so a sweep stamps and counts only what it sent."""

from types import SimpleNamespace
from unittest import mock

import pytest
from kombu.exceptions import OperationalError as BrokerError

from web import outages


@pytest.fixture
def broker_task(monkeypatch):
    """A task queued through a real broker (not inline), with the process's quiet period reset."""
    monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)
    conf = SimpleNamespace(task_always_eager=False)
    return SimpleNamespace(name="tests.some_task", app=SimpleNamespace(conf=conf), delay=mock.Mock())


def test_it_says_it_sent_a_message_the_broker_took(broker_task):
    assert outages.queue_now(broker_task, 7) is True
    broker_task.delay.assert_called_once_with(7)


def test_it_says_it_did_not_send_when_the_broker_refuses_and_while_the_quiet_period_lasts(broker_task):
    broker_task.delay.side_effect = BrokerError("connection refused")
    assert outages.queue_now(broker_task, 7) is False
    broker_task.delay.side_effect = None
    broker_task.delay.reset_mock()
    # The broker is back, but this process is not trying again yet: nothing is sent, and it says so.
    assert outages.queue_now(broker_task, 8) is False
    broker_task.delay.assert_not_called()


def test_it_sends_again_once_the_quiet_period_is_over(broker_task, monkeypatch):
    broker_task.delay.side_effect = BrokerError("connection refused")
    outages.queue_now(broker_task, 7)
    broker_task.delay.side_effect = None
    monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)  # the quiet period has passed
    assert outages.queue_now(broker_task, 7) is True
