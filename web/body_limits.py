"""Request bodies are refused over their route's limit before anything reads them.

Without this, any POST (even to a 404, or one that fails CSRF) is parsed in full: the first
middleware to touch ``request.POST`` writes a 500 MiB body to a temporary file, and a 1 GB
sample is stored before the upload's own size check runs. Routes that take a data file are
marked with ``@large_body`` and get UPLOAD_MAX_BODY_BYTES; every other URL (and one that
matches nothing) gets REQUEST_MAX_BODY_BYTES. The proxy in front says the same limits
(deploy/nginx.conf), so most oversized bodies never reach the app at all.
"""

import tempfile
from collections.abc import Callable
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import Resolver404, resolve

CHUNK = 64 * 1024
_View = TypeVar("_View", bound=Callable[..., Any])


def large_body(view: _View) -> _View:
    """Mark a view that accepts a data file: its requests may be up to UPLOAD_MAX_BODY_BYTES."""
    # A function attribute (written through its __dict__, which mypy types): functools.wraps
    # copies it to any decorator above, so body_limit finds it on the resolved view.
    view.__dict__["large_body"] = True
    return view


def body_limit(path_info: str) -> int:
    """The most bytes a request body to this path may hold."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return int(settings.REQUEST_MAX_BODY_BYTES)
    if getattr(match.func, "large_body", False):
        return int(settings.UPLOAD_MAX_BODY_BYTES)
    return int(settings.REQUEST_MAX_BODY_BYTES)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} KB"


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = (
        f"The file is too large to upload: the limit is {_mb(limit)}. Nothing was stored. "
        "Send a smaller sample (a few thousand examples is plenty to measure)."
        if limit == settings.UPLOAD_MAX_BODY_BYTES
        else f"That is more than this page accepts: the limit is {_mb(limit)}. Nothing was stored."
    )
    if request.headers.get("HX-Request") == "true":
        # htmx swaps this above the form (base.html lets it swap a 413), so the person sees why.
        response = render(request, "413_fragment.html", {"message": message}, status=413)
        response["HX-Reswap"] = "afterbegin"
    else:
        response = render(request, "413.html", {"message": message}, status=413)
    # No Connection header (WSGI forbids hop-by-hop headers): the server closes a connection
    # whose body was left unread (gunicorn's sync workers close every one).
    return response


def _spool(stream: IO[bytes], limit: int) -> tuple[IO[bytes], int] | None:
    """(file, size) of a body of unknown length read up to ``limit``; None past it (the rest is
    never read)."""
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 - handed on
    size = 0
    while chunk := stream.read(min(CHUNK, limit + 1 - size)):
        size += len(chunk)
        if size > limit:
            spool.close()
            return None
        spool.write(chunk)
    spool.seek(0)
    return spool, size


class LimitRequestBody:
    """413 for a body over its route's limit: from Content-Length before a byte is read, and
    for a chunked body (no length) while it streams, stopped one byte past the limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit = body_limit(request.path_info)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return _too_large(request, limit)
        # A chunked body has no Content-Length, so Django would read none of it. Where the server
        # says the stream ends (gunicorn's wsgi.input_terminated), it is read here up to the
        # limit and handed on with its length; otherwise it stays unread, as Django leaves it.
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not declared and chunked and request.META.get("wsgi.input_terminated"):
            spooled = _spool(request.META["wsgi.input"], limit)
            if spooled is None:
                return _too_large(request, limit)
            body, size = spooled
            request.META["CONTENT_LENGTH"] = str(size)
            # django-stubs types the stream as BytesIO; Django reads any binary file object.
            request._stream = LimitedStream(body, size)  # type: ignore[arg-type, assignment]
        return self.get_response(request)
