"""Keep secrets that travel in URLs out of logs (a log line is not a safe place for a key).

One rule: every URL pattern with a parameter whose name says it carries a secret (`token`,
`uidb64`, `link_token`…) has that part of any matching path replaced by "[redacted]", wherever
the path appears in a log line (the request log, runserver's access log, an error message). The
patterns are read from the URLconf itself, so a new token-bearing URL is covered without a change
here.
"""

import re
from functools import cache

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

REDACTED = "[redacted]"
# A parameter is secret when its name contains one of these.
SECRET_PARAMETER_WORDS = ("token", "uid")
# What a path parameter can be inside a log line: up to the next slash, quote, space or query.
_SEGMENT = r"[^/\s'\"?#]+"
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def is_secret_parameter(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_PARAMETER_WORDS)


def _routes(patterns, prefix: str = ""):
    """Every full route of the URLconf that Django's path() syntax describes, with its pattern."""
    for entry in patterns:
        if isinstance(entry.pattern, RoutePattern):
            route = prefix + str(entry.pattern)
        elif str(entry.pattern) in ("", "^"):
            route = prefix
        else:
            continue  # regex patterns (the admin's) carry no secrets; the URL-walking test checks so
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _route_rule(route: str) -> re.Pattern | None:
    """A regex matching the route's paths inside any text, the secret parts as groups named s<n>."""
    parts, end, secret = [], 0, False
    for n, match in enumerate(_PARAMETER.finditer(route)):
        parts.append(re.escape(route[end : match.start()]))
        name = f"s{n}" if is_secret_parameter(match["name"]) else f"p{n}"
        secret = secret or name.startswith("s")
        parts.append(f"(?P<{name}>{_SEGMENT})")
        end = match.end()
    if not secret:
        return None
    return re.compile("/" + "".join(parts) + re.escape(route[end:]))


@cache
def _rules() -> tuple[re.Pattern, ...]:
    return tuple(rule for route in _routes(get_resolver().url_patterns) if (rule := _route_rule(route)))


def _redact_match(match: re.Match) -> str:
    text, start = [], match.start()
    for name, value in match.groupdict().items():
        if name.startswith("s") and value is not None:
            text.append(match.string[start : match.start(name)] + REDACTED)
            start = match.end(name)
    text.append(match.string[start : match.end()])
    return "".join(text)


def redact_path_secrets(text: str) -> str:
    """`text` with the secret parts of every token-bearing path in it replaced by "[redacted]"."""
    for rule in _rules():
        text = rule.sub(_redact_match, text)
    return text


def redact_tokens(logger, method_name, event_dict):
    """structlog processor: redact_path_secrets on every string field. Lines logged while Django
    is still loading (no URLconf yet) carry no request paths, and are left as they are."""
    if not apps.ready:
        return event_dict
    for key, value in event_dict.items():
        if isinstance(value, str) and "/" in value:
            event_dict[key] = redact_path_secrets(value)
    return event_dict
