"""Webhook signatures as the Standard Webhooks specification describes them, so a receiver can
verify with any of its libraries (https://github.com/standard-webhooks/standard-webhooks, spec.md).

A secret reads `whsec_` + base64 of 32 random bytes; the key is those bytes. Each message carries
three headers: `webhook-id` (the message id), `webhook-timestamp` (Unix seconds) and
`webhook-signature`: `v1,` + base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}").
Pure functions: no Django, no database.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(*, secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body),
        "content-type": "application/json",
    }
