"""Request bodies over their route's limit are refused with 413 before they are read (from
Content-Length), or one chunk past the limit (a chunked body); upload routes take up to the
upload limit. The WSGI tests call Django's real handler, with every middleware, on a stream
that counts what is read from it."""

import io

import pytest
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from assessments.models import SampleUpload
from tests.discovery.client_helpers import VALID_REQUEST, open_link
from tests.samples.files import jsonl_upload
from web.body_limits import CHUNK, body_limit

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


class CountingStream(io.RawIOBase):
    """An endless body that counts the bytes anyone reads from it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = CHUNK if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


def call(environ) -> tuple[int, dict, bytes]:
    status = {}

    def start_response(code, headers, exc_info=None):
        status["code"], status["headers"] = int(code.split()[0]), dict(headers)

    # As Django's test client does: the request must not close the test's connection (on
    # PostgreSQL the next query would then have to reconnect inside the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return status["code"], status["headers"], body


def environ(path, **extra):
    env = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="POST", **extra)
    env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    return env


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize("path", ["/no-such-page/", "/request/", "/accounts/login/"])
def test_an_over_limit_content_length_is_refused_with_413_before_any_body_is_read(path):
    stream = CountingStream()
    env = environ(path, CONTENT_LENGTH=str(500 * MiB))
    env["wsgi.input"] = stream
    code, headers, body = call(env)
    assert code == 413 and stream.read_bytes == 0
    assert b"the limit is 3 MB" in body and b"Nothing was stored" in body
    assert "Connection" not in headers  # a hop-by-hop header: WSGI servers refuse it
    # A refusal is a page like any other: the same security headers.
    assert "default-src" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"


def test_an_upload_route_refuses_over_the_upload_limit_unread_and_says_so():
    stream = CountingStream()
    env = environ("/my/samples/training/upload/", CONTENT_LENGTH=str(1024 * MiB))
    env["wsgi.input"] = stream
    code, _, body = call(env)
    assert code == 413 and stream.read_bytes == 0
    assert b"the limit is 51 MB" in body and b"a few thousand examples" in body


def test_a_chunked_body_over_the_limit_is_stopped_one_chunk_past_it(settings):
    stream = CountingStream()
    env = environ("/request/", HTTP_TRANSFER_ENCODING="chunked")
    env.pop("CONTENT_LENGTH", None)
    env["wsgi.input"], env["wsgi.input_terminated"] = stream, True
    code, _, body = call(env)
    assert code == 413 and b"the limit is 3 MB" in body
    assert settings.REQUEST_MAX_BODY_BYTES < stream.read_bytes <= settings.REQUEST_MAX_BODY_BYTES + CHUNK


def test_a_chunked_body_within_the_limit_is_read_and_parsed_like_any_other(client):
    """gunicorn decodes chunked bodies and says the stream ends; Django alone would read none of it."""
    client.get("/request/")
    token = client.cookies["csrftoken"].value
    body = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in {**VALID_REQUEST, "csrfmiddlewaretoken": token}.items())
    env = environ("/request/", HTTP_TRANSFER_ENCODING="chunked", HTTP_COOKIE=f"csrftoken={token}")
    env.pop("CONTENT_LENGTH", None)
    env["wsgi.input"], env["wsgi.input_terminated"] = io.BytesIO(body.encode()), True
    code, headers, _ = call(env)
    assert code == 302 and headers["Location"] == "/request/sent/"


def test_upload_routes_get_the_upload_limit_and_everything_else_the_small_one(settings):
    assert body_limit("/my/samples/training/upload/") == settings.UPLOAD_MAX_BODY_BYTES
    assert body_limit("/engagements/3/workshop/samples/eval/upload/") == settings.UPLOAD_MAX_BODY_BYTES
    for path in ["/request/", "/my/samples/3/retry/", "/editor/import/", "/nowhere", "/admin/login/"]:
        assert body_limit(path) == settings.REQUEST_MAX_BODY_BYTES


def test_an_upload_route_accepts_a_body_up_to_the_upload_limit_that_other_routes_refuse(
    client, settings, django_capture_on_commit_callbacks
):
    settings.REQUEST_MAX_BODY_BYTES, settings.UPLOAD_MAX_BODY_BYTES = 8 * 1024, 300 * 1024
    open_link(client, django_capture_on_commit_callbacks)
    file = jsonl_upload(290 * 1024)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/samples/training/upload/", {"file": file}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and SampleUpload.objects.get().status == SampleUpload.ANALYSED
    file.seek(0)
    assert client.post("/my/questions/data/", {"file": file}).status_code == 413

    refused = client.post("/my/samples/training/upload/", {"file": jsonl_upload(310 * 1024)}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 413 and refused["HX-Reswap"] == "afterbegin"
    assert 'role="alert"' in refused.content.decode() and "the limit is 300 KB" in refused.content.decode()
    assert SampleUpload.objects.count() == 1
