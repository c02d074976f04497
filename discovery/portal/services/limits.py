"""Hourly counters for the public forms, kept in the cache (shared by every web process in
production: discovery/checks.py), and the one meaning of "the same mailbox"."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def count_this_hour(key: str) -> int:
    """Increase and return the counter `key` for the current window (created on first use)."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def mailbox_key(email: str) -> str:
    """A digest naming the mailbox an address delivers to, so its variants count as one: case,
    quotes around the local part ("nora"@…) and a +tag (nora+1@…) are ignored. Never the address
    itself, so a cache dump holds no email addresses."""
    local, _, domain = email.strip().lower().rpartition("@")
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        local = local[1:-1].replace("\\", "")
    local = local.split("+", 1)[0]
    return hashlib.sha256(f"{local}@{domain}".encode()).hexdigest()
