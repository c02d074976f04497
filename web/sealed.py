"""Secrets at rest: text sealed with Fernet (cryptography; AES-128-CBC plus HMAC-SHA256) under
a key derived from SECRET_KEY, so a database dump alone doesn't reveal it. Rotating SECRET_KEY
makes sealed values unreadable (``unseal`` returns None): they must be entered again."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PURPOSE = b"discovery.sealed.v1"


def _fernet() -> Fernet:
    # A key for this purpose only, so SECRET_KEY itself never encrypts anything directly.
    digest = hashlib.sha256(PURPOSE + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str | None:
    """The sealed text, or None when ``token`` is empty or was sealed under another key."""
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None
