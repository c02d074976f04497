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
        found = LINK.search(message.body) if to in message.to else None
        if found:  # the submission receipt, for one, carries no link
            return found.group(1)
    raise AssertionError(f"no link emailed to {to}")


# One page of posted fields per section: a complete, valid set of answers (no-JavaScript path).
SECTION_POSTS = {
    "use_case": {
        "use_case_summary": "Reply to claim enquiries in our voice.",
        "goals": ["style_voice", "structured_output"],
        "request_volume": "high",
        "consistency_need": "strict",
    },
    "current_approach": {
        "prompting_tried": "systematic",
        "prompting_outcome": "inconsistent",
        "rag_tried": "no",
        "base_model_fit": "partially",
    },
    "data": {"curated_examples": "100_to_1000", "examples_reviewed": "yes", "training_data_rights": "yes"},
    "evaluation": {"evaluation_method": "defined_metrics", "baseline_measured": "yes"},
    "operations": {"migration_owner": "yes", "target_timeline": "1_to_3_months"},
}


def section_post(section: str, **changes) -> dict:
    """The POST a browser sends for `section`: its fields plus the `present` markers."""
    fields = {**SECTION_POSTS[section], **changes}
    return {**fields, "present": list(fields)}


def open_link(client, django_capture_on_commit_callbacks, **overrides):
    """Request an assessment and open its emailed link in `client`; return the engagement."""
    from discovery.models import Engagement

    email = overrides.get("email", VALID_REQUEST["email"])
    request_assessment(client, django_capture_on_commit_callbacks, **overrides)
    client.cookies.clear()
    client.get(f"/c/{emailed_token(email)}/")
    return Engagement.objects.get(contact__email=email)


def answer_everything(client):
    for section in SECTION_POSTS:
        response = client.post(f"/my/questions/{section}/", section_post(section))
        assert response.status_code == 302, response.content.decode()[:2000]
