"""Request clean-up every view can rely on, and the request log."""

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import structlog
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django_structlog.middlewares import RequestMiddleware

from web.client_address import client_ip, from_trusted_proxy

if TYPE_CHECKING:  # django-stubs' name for a read-only QueryDict (no such class at runtime)
    from django.http.request import _ImmutableQueryDict

NUL = "\x00"


def _without_nul(query: QueryDict) -> "_ImmutableQueryDict":
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(key.replace(NUL, ""), [v.replace(NUL, "") for v in values])
    cleaned._mutable = False
    return cast("_ImmutableQueryDict", cleaned)  # read-only from here, as Django's own request.GET


class DropNulCharacters:
    """No keyboard types U+0000 and PostgreSQL can't store it in text, so a field holding one
    would end in a 500 at save time: it is dropped from every GET and POST field here, once,
    and the rest of the value kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if any(NUL in k or any(NUL in v for v in vs) for k, vs in request.GET.lists()):
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and any(NUL in k or any(NUL in v for v in vs) for k, vs in request.POST.lists()):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


class DropUntrustedForwardedProto:
    """X-Forwarded-Proto decides whether Django thinks a request is HTTPS (SECURE_PROXY_SSL_HEADER):
    secure cookies, the HTTPS redirect, CSRF's referer check. Only our own proxy may say so; from
    anyone else the header is removed before any of those look at it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "HTTP_X_FORWARDED_PROTO" in request.META and not from_trusted_proxy(request):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


class RequestLog(RequestMiddleware):
    """django-structlog's request log, with the client address from web.client_address (its own
    default believes the left-most X-Forwarded-For entry, which the client writes)."""

    @classmethod
    def bind_ip(cls, request: HttpRequest) -> None:
        structlog.contextvars.bind_contextvars(ip=client_ip(request))
