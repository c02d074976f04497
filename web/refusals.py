"""A refusal: a service or model saying no, in words the person asking reads, and how a view shows it.

Every user-facing refusal subclasses `Refused`; `str(exc)` is the message and `status` the HTTP
status an htmx request gets (409: conflicts with the current state; 400: the input is wrong).
`@refusal_shown("url-name", "pk")` answers a `Refused` raised by the view: a plain request gets
the message (`messages.error`) and a redirect; an htmx request gets the message as the body of a
response with the refusal's status (what the htmx paths answered by hand before).
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse


class Refused(Exception):
    """A request the current state or the given input doesn't allow; the message says why."""

    status = 400


_Args = ParamSpec("_Args")
View = Callable[Concatenate[HttpRequest, _Args], HttpResponseBase]


def refusal_shown(to: str, *kwarg_names: str, anchor: str = "") -> Callable[[View[_Args]], View[_Args]]:
    """Show a `Refused` raised by the view instead of a 500.

    `to` is the URL name to go back to, reversed with the view's URL kwargs named in
    `kwarg_names`; `anchor` (formatted with the view's URL kwargs) is added as the #fragment.
    Put it above `@draft_edit`, which answers a refused draft edit with a 400 of its own.
    """

    def decorator(view: View[_Args]) -> View[_Args]:
        @wraps(view)
        def wrapped(request: HttpRequest, /, *args: _Args.args, **kwargs: _Args.kwargs) -> HttpResponseBase:
            try:
                return view(request, *args, **kwargs)
            except Refused as exc:
                if request.headers.get("HX-Request") == "true":
                    return HttpResponse(str(exc), status=exc.status)
                messages.error(request, str(exc))
                url = reverse(to, kwargs={name: kwargs[name] for name in kwarg_names})
                return redirect(f"{url}#{anchor.format(**kwargs)}" if anchor else url)

        return wrapped

    return decorator
