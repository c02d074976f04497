"""What a private link can and cannot reach, and how the client pages take bad input."""

import base64
import io
import logging

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment, Report
from discovery.models import ClientLink

from .client_helpers import answer_everything, emailed_token, open_link, section_post

pytestmark = pytest.mark.django_db

CLIENT_URLS = [
    ("get", "/my/"),
    ("get", "/my/questions/use_case/"),
    ("post", "/my/questions/use_case/"),
    ("post", "/my/questions/use_case/autosave/"),
    ("get", "/my/review/"),
    ("post", "/my/submit/"),
    ("get", "/my/report/"),
    ("get", "/my/report.pdf"),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def nora(client, django_capture_on_commit_callbacks):
    return open_link(client, django_capture_on_commit_callbacks)


@pytest.fixture
def other(django_capture_on_commit_callbacks):
    """A second client, Otto, with a session of his own and some answers."""
    browser = Client()
    engagement = open_link(
        browser, django_capture_on_commit_callbacks, organisation="Otto Logistics", email="otto@otto.example"
    )
    browser.post("/my/questions/use_case/", section_post("use_case", request_volume="low"))
    return browser, engagement


def answers(engagement) -> dict:
    return Assessment.objects.get(engagement=engagement).answer_values()


@pytest.mark.parametrize(("method", "url"), CLIENT_URLS)
def test_every_client_page_refuses_a_browser_without_a_link(method, url):
    response = getattr(Client(), method)(url)
    assert response.status_code == 404
    assert b"This link is not valid" in response.content


@pytest.mark.parametrize(("method", "url"), CLIENT_URLS)
def test_one_clients_session_never_reads_or_writes_another_engagement(client, nora, other, method, url):
    _, otto = other
    before = answers(otto)
    response = getattr(client, method)(
        url, section_post("use_case", request_volume="medium") if method == "post" else None
    )
    assert b"Otto" not in response.content
    assert answers(otto) == before
    assert Assessment.objects.get(engagement=otto).status == Assessment.OPEN


@pytest.mark.parametrize("url", ["/my/", "/my/report/", "/my/report.pdf"])
def test_another_clients_delivered_report_is_never_served(client, nora, other, url):
    otto_browser, otto = other
    report = Report.objects.create(
        assessment=Assessment.objects.get(engagement=otto),
        number=1,
        status=Report.READY,
        html="<p>Otto's verdict</p>",
    )
    report.pdf.save("otto.pdf", ContentFile(b"%PDF-1.4 Otto's verdict"))
    Report.objects.filter(pk=report.pk).update(delivered_at=timezone.now())  # delivered: frozen from here
    assert b"Otto's verdict" in otto_browser.get("/my/report/").content  # it is there to be leaked
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Otto" not in body
    assert response.status_code == (200 if url == "/my/" else 404)


def test_a_session_pointing_at_another_engagement_than_its_link_is_refused(client, nora, other):
    _, otto = other
    session = client.session
    session["client_engagement_id"] = otto.pk  # as if the session store were tampered with
    session.save()
    response = client.get("/my/")
    assert response.status_code == 404 and b"Otto" not in response.content


def test_tokens_are_stored_only_as_hashes(client, nora):
    token = emailed_token("nora@northwind.example")
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert token not in dump.getvalue()
    assert ClientLink.objects.filter(engagement=nora).count() == 1  # the emailed one; none is shown on screen
    assert all(len(link.token_hash) == 64 and link.token_hash != token for link in ClientLink.objects.all())


def test_tokens_carry_at_least_256_bits():
    # The token is URL-safe base64 of the random bytes: at least 32 of them is at least 256 bits.
    from discovery.models import Engagement, Organisation
    from discovery.portal.services.client_links import client_link_issue

    organisation = Organisation.objects.create(name="Entropy Co")
    engagement = Engagement.objects.create(organisation=organisation, source=Engagement.SELF_SERVICE)
    _, token = client_link_issue(engagement=engagement)
    _, another = client_link_issue(engagement=engagement)
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 32
    assert token != another


def test_asking_for_new_links_is_rate_limited_per_client_address(client, settings):
    settings.INTAKE_LIMIT_PER_IP = 2
    for n in range(2):
        assert client.post("/request/new-link/", {"email": f"x{n}@y.example"}).status_code == 200
    assert client.post("/request/new-link/", {"email": "x9@y.example"}).status_code == 429


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("request_volume", "enormous", "not one of the choices"),
        ("goals", ["style_voice", "telepathy"], "not among the choices"),
        ("use_case_summary", "x" * 5001, "the limit is 5000"),
    ],
)
def test_a_bad_value_is_explained_and_the_earlier_answer_kept(client, nora, field, value, message):
    client.post("/my/questions/use_case/", section_post("use_case"))
    before = answers(nora)
    for url in ("/my/questions/use_case/", "/my/questions/use_case/autosave/"):
        response = client.post(url, section_post("use_case", **{field: value}))
        assert response.status_code in (200, 400)
        assert message in response.content.decode()
        assert answers(nora)[field] == before[field]
    # The oversized text is shown back so the client can shorten it rather than retype it.
    if field == "use_case_summary":
        assert "x" * 5001 in response.content.decode()


def test_a_null_character_in_a_text_answer_is_dropped_not_a_server_error(client, nora):
    # PostgreSQL can't store U+0000 in text or JSON; saving it would fail the whole request.
    for url in ("/my/questions/use_case/", "/my/questions/use_case/autosave/"):
        response = client.post(url, section_post("use_case", use_case_summary=f"Reply to\x00 claims {url}"))
        assert response.status_code in (204, 302)
        assert answers(nora)["use_case_summary"] == f"Reply to claims {url}"


def test_a_yes_no_answer_that_is_neither_is_refused(client, nora):
    answer_everything(client)
    response = client.post("/my/questions/data/", section_post("data", examples_reviewed="maybe"))
    assert response.status_code == 400 and "Choose Yes or No." in response.content.decode()
    assert answers(nora)["examples_reviewed"] is True


def test_unknown_questions_and_questions_of_other_sections_are_ignored(client, nora):
    client.post("/my/questions/use_case/", section_post("use_case"))
    data = section_post("use_case")
    data.update({"bogus": "1", "curated_examples": "none", "present": data["present"] + ["bogus", "curated_examples"]})
    response = client.post("/my/questions/use_case/autosave/", data)
    assert response.status_code in (200, 204)
    assert "bogus" not in answers(nora) and "curated_examples" not in answers(nora)


def test_an_answer_to_a_hidden_question_is_ignored(client, nora):
    data = section_post("use_case", knowledge_change_rate="weekly_or_faster")
    data["present"].append("knowledge_change_rate")
    client.post("/my/questions/use_case/", data)
    assert "knowledge_change_rate" not in answers(nora)


def test_a_post_with_nothing_in_it_changes_nothing(client, nora):
    client.post("/my/questions/use_case/", section_post("use_case"))
    before = answers(nora)
    for url in ("/my/questions/use_case/", "/my/questions/use_case/autosave/", "/my/submit/"):
        assert client.post(url, {}).status_code < 500
    assert answers(nora) == before


def test_a_post_without_a_csrf_token_is_refused():
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/request/", {"email": "a@b.example"}).status_code == 403


def test_link_tokens_never_reach_the_logs_in_clear(client, nora):
    token = emailed_token("nora@northwind.example")
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.get(f"/c/{token}/")  # the request log of the app
        logging.getLogger("django.server").info('"%s" %s %s', f"GET /c/{token}/ HTTP/1.1", 302, 0)  # runserver's
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "request='GET /c/[redacted]/'" in logged or '"request": "GET /c/[redacted]/"' in logged
    assert "GET /c/[redacted]/ HTTP/1.1" in logged
    assert token not in logged


def test_a_logged_exception_never_prints_the_local_variables_of_its_frames():
    # A traceback's locals hold clients' answers, emails and link tokens; only the frames may show.
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:

        def send_link(client_email):
            link_token = "tok-" + client_email  # noqa: F841 - a local the log must not print
            raise OSError("mail server down")

        email = "-".join(["nora", "hidden"]) + "@northwind.example"  # built, so no source line shows it
        try:
            send_link(email)
        except OSError:
            logging.getLogger("discovery.test").exception("link.not_sent")
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "link.not_sent" in logged and "mail server down" in logged and "send_link" in logged
    assert "nora-hidden" not in logged
