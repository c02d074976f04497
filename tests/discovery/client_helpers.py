"""Shared steps of the client journey tests: request an assessment and open its link."""

import re

from django.core import mail

VALID_REQUEST = {
    "organisation": "Northwind Insurance Ltd",
    "industry": "Insurance",
    "name": "Nora North",
    "email": "nora@northwind.example",
    "role": "Head of Claims",
    "use_case": "Draft replies to claim enquiries in our house style.",
    "consent": "on",
    "website": "",
}

LINK = re.compile(r"https?://[^\s]+/c/([A-Za-z0-9_\-]+)/")


def request_assessment(client, django_capture_on_commit_callbacks, **overrides):
    data = {**VALID_REQUEST, **overrides}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/request/", data)


def emailed_token(to: str) -> str:
    """The token in the last link emailed to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            return LINK.search(message.body).group(1)
    raise AssertionError(f"no link emailed to {to}")
