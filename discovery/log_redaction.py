"""Keep clients' private-link tokens out of logs (a log line is not a safe place for a key)."""

import re

_LINK_PATH = re.compile(r"/c/[^/\s'\"]+")


def redact_client_tokens(logger, method_name, event_dict):
    """structlog processor: "/c/<token>/" becomes "/c/[redacted]/" in every string field."""
    for key, value in event_dict.items():
        if isinstance(value, str) and "/c/" in value:
            event_dict[key] = _LINK_PATH.sub("/c/[redacted]", value)
    return event_dict
