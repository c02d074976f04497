"""The outbox with a real worker: an email written while the broker is down is sent once the
broker is back (by the sweep), exactly once."""

import pytest

from tests.worker_stack import free_port

# A consultant reissues a client's link (the change and its email commit together).
REISSUE = """
from discovery.models import Contact, Engagement, Organisation
from discovery.portal.services.client_links import client_link_reissue
org = Organisation.objects.create(name="Outbox Outage Ltd")
contact = Contact.objects.create(organisation=org, name="Olu Outage", email="olu@outage.example")
engagement = Engagement.objects.create(organisation=org, contact=contact, source=Engagement.SELF_SERVICE)
client_link_reissue(engagement=engagement, user=None)
print(engagement.emails.get().pk)
"""

SWEEP = """
from discovery.engagements.services.outbox import outbox_sweep
print(outbox_sweep(older_than_seconds=0))
"""


@pytest.mark.worker
def test_an_email_written_while_the_broker_is_down_is_sent_once_after_it_is_back(worker_stack):
    worker_stack.start_worker()
    # Nothing listens on this port: the web process can't reach its broker at all.
    broker_down = {"CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}
    pk = int(worker_stack.manage(REISSUE, extra_env=broker_down))  # the request still succeeds
    assert worker_stack.rows("SELECT status FROM discovery_outgoingemail WHERE id = %s", pk) == [("pending",)]

    assert worker_stack.manage(SWEEP) == "1"  # beat's sweep, once the broker answers again
    status, attempts, error = worker_stack.wait_for_email(pk)
    assert (status, attempts, error) == ("sent", 1, "")
    assert worker_stack.manage(SWEEP) == "0"  # nothing left to send: never twice
    assert worker_stack.worker_log().count("To: olu@outage.example") == 1
