"""No secret that travels in a URL reaches a log line: every URL pattern with a token-like
parameter is found by walking the URLconf, and a path of each is logged and checked."""

import io
import logging
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from discovery.log_redaction import redact_path_secrets

SECRET = "Sekr1t-T0ken_value"
# Broader than the rule's own words on purpose: a new kind of secret parameter fails here first.
TOKEN_LIKE = re.compile(r"token|uid|key|secret|signature|code", re.IGNORECASE)


def _patterns(patterns, prefix=()):
    for entry in patterns:
        chain = (*prefix, entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, chain)
        elif isinstance(entry, URLPattern):
            yield entry, chain


def _token_bearing_patterns():
    found = []
    for entry, chain in _patterns(get_resolver().url_patterns):
        names = [name for part in chain for name in part.regex.groupindex]
        if any(TOKEN_LIKE.search(name) for name in names):
            found.append((entry, chain))
    return found


def _sample_value(converter) -> str:
    for candidate in ("7", "abc"):
        if converter is None or re.fullmatch(converter.regex, candidate):
            return candidate
    raise AssertionError(f"no sample value for {converter}")


def _sample_path(chain) -> str:
    """A real path of the pattern: secret-looking parameters hold SECRET, the others a plain value."""
    path = "/"
    for part in chain:
        route = str(part)
        assert not route.startswith("^") or route == "^", f"regex pattern {route!r} holds a token: use path()"
        converters = getattr(part, "converters", {})

        def value(match, converters=converters):
            name = match.group(2)
            return SECRET if TOKEN_LIKE.search(name) else _sample_value(converters.get(name))

        path += re.sub(r"<(?:([^>:]+):)?([^>]+)>", value, route)
    return path


TOKEN_PATTERNS = _token_bearing_patterns()


def test_the_walk_finds_the_client_link_and_the_team_invitation():
    names = {entry.name for entry, _ in TOKEN_PATTERNS}
    assert {"client-link", "client-link-no-slash", "invite-accept"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "chain"), TOKEN_PATTERNS, ids=[e.name or str(e.pattern) for e, _ in TOKEN_PATTERNS])
def test_every_token_bearing_path_is_redacted_in_the_request_and_access_logs(client, entry, chain):
    path = _sample_path(chain)
    assert resolve(path).func == entry.callback  # the sample really is this pattern's path
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.get(path)  # the app's request log
        logging.getLogger("django.server").info('"%s" %s %s', f"GET {path} HTTP/1.1", 302, 0)  # runserver's
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "request_started" in logged and "HTTP/1.1" in logged
    assert SECRET not in logged
    assert logged.count("[redacted]") >= 2


def test_plain_paths_and_other_text_are_left_alone():
    assert redact_path_secrets("GET /engagements/7/workshop/ HTTP/1.1") == "GET /engagements/7/workshop/ HTTP/1.1"
    assert redact_path_secrets("GET /c/abc/?x=1") == "GET /c/[redacted]/?x=1"
    assert (
        redact_path_secrets("https://d.example/accounts/invite/MQ/set-password/")
        == "https://d.example/accounts/invite/[redacted]/[redacted]/"
    )
