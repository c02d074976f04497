"""The public forms can't be used to flood a mailbox, to keep its owner from their link, or to
put a stranger's words into an email to someone else."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discovery.models import OutgoingEmail
from discovery.portal.services.limits import mailbox_key
from discovery.tasks import client_link_request_task
from web import outages

from .client_helpers import VALID_REQUEST, emailed_token, request_assessment

pytestmark = pytest.mark.django_db
NORA = "nora@northwind.example"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.INTAKE_LIMIT_PER_EMAIL = 3
    cache.clear()
    yield
    cache.clear()


def _to_noras_mailbox() -> list:
    return [m for m in mail.outbox if any(mailbox_key(to) == mailbox_key(NORA) for to in m.to)]


def test_spellings_of_one_address_are_one_mailbox():
    variants = [NORA, "Nora@Northwind.Example", "nora+1@northwind.example", '"nora"@northwind.example']
    variants.append('"nora+x"@northwind.example')
    assert len({mailbox_key(v) for v in variants}) == 1
    assert mailbox_key("nora@northwind.example") != mailbox_key("nora@elsewhere.example")
    assert mailbox_key("nora.n@northwind.example") != mailbox_key(NORA)


def test_tag_and_quoted_variants_cannot_send_one_mailbox_more_than_the_limit(
    client, django_capture_on_commit_callbacks
):
    variants = ["nora+1@northwind.example", '"nora"@northwind.example', "NORA+2@northwind.example"]
    variants += ['"nora+x"@northwind.example', "nora+3@northwind.example", "nora+4@northwind.example"]
    statuses = []
    for n, email in enumerate(variants):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/request/", {**VALID_REQUEST, "email": email}, REMOTE_ADDR=f"203.0.113.{n}")
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert len(_to_noras_mailbox()) == 3


def test_other_peoples_requests_never_refuse_the_owners_new_link(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    # Someone else names Nora's address on both public forms, from several addresses.
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/request/", VALID_REQUEST, REMOTE_ADDR=f"203.0.113.{n}")
            client.post("/request/new-link/", {"email": NORA}, REMOTE_ADDR=f"198.51.100.{n}")
    flooded = len(_to_noras_mailbox())
    # Nora herself asks for a new link: the page answers as always, never "too many requests"...
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/request/new-link/", {"email": NORA}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200 and "a new link is on its way" in response.content.decode()
    # ...and her inbox holds a link from this hour that opens her assessment.
    client.cookies.clear()
    assert client.get(f"/c/{emailed_token(NORA)}/")["Location"] == "/my/"
    # The mailbox got at most the limit of each form (3 request resends, 3 new links).
    assert flooded <= 6


def test_assessment_requests_naming_an_address_do_not_use_up_its_new_links(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/request/", VALID_REQUEST, REMOTE_ADDR=f"203.0.113.{n}")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/request/new-link/", {"email": NORA}, REMOTE_ADDR="192.0.2.10")
    assert len(_to_noras_mailbox()) == 1


def test_new_links_for_one_engagement_are_capped_per_hour(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    for n in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/request/new-link/", {"email": NORA}, REMOTE_ADDR=f"203.0.113.{n}").status_code == 200
    assert len(_to_noras_mailbox()) == 3


def test_an_unconfirmed_address_gets_nothing_the_requester_typed(client, django_capture_on_commit_callbacks):
    typed = {"organisation": "Mallory Holdings", "name": "Click here www.evil.example"}
    request_assessment(client, django_capture_on_commit_callbacks, **typed)
    body = mail.outbox[-1].body
    assert "Mallory" not in body and "evil.example" not in body
    assert body.startswith("Hello,") and "private link to the fine-tuning readiness assessment:" in body


def test_once_the_owner_has_opened_a_link_their_emails_name_them(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    client.cookies.clear()
    client.get(f"/c/{emailed_token(NORA)}/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/request/new-link/", {"email": NORA})
    body = mail.outbox[-1].body
    assert body.startswith("Hello Nora North,") and "for Northwind Insurance Ltd:" in body


def test_a_known_and_an_unknown_address_cost_the_new_link_request_the_same(client, django_capture_on_commit_callbacks):
    request_assessment(client, django_capture_on_commit_callbacks)
    work = {}
    for email in (NORA, "nobody@unknown.example"):
        with django_capture_on_commit_callbacks(execute=False) as queued, CaptureQueriesContext(connection) as sql:
            client.post("/request/new-link/", {"email": email}, REMOTE_ADDR="192.0.2.20")
        # The same statements (values aside) and one message each; the emails are the task's work.
        work[email] = ([re.sub(r"'[^']*'", "?", q["sql"]) for q in sql.captured_queries], len(queued))
    assert work[NORA] == work["nobody@unknown.example"]
    assert work[NORA][1] == 1


def test_a_new_link_asked_for_while_the_broker_is_down_is_still_written_to_the_outbox(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    request_assessment(client, django_capture_on_commit_callbacks)
    before = OutgoingEmail.objects.filter(engagement__contact__email=NORA).count()

    def broker_down(*ids):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)
    monkeypatch.setattr(client_link_request_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/request/new-link/", {"email": NORA}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    # The new link's email waits in the outbox, which the sweep sends once the broker is back.
    assert OutgoingEmail.objects.filter(engagement__contact__email=NORA).count() == before + 1
