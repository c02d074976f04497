"""Who sent this request: the one answer used by the login lockout (axes), the intake and
new-link rate limits, and the request log.

X-Forwarded-For is written by whoever sends the request, so only the entries our own reverse
proxies appended can be believed. Two settings say which those are:

* TRUSTED_PROXY_COUNT: how many proxies stand in front of the app. Each appends the address it
  saw, so the client is the n-th entry from the right; anything further left is the client's own
  text. 0 (the default) ignores the header and uses the connection's address (REMOTE_ADDR).
* TRUSTED_PROXIES: the proxies' addresses or networks. When set, forwarded headers count only if
  the connection comes from one of them; with no count, the client is the right-most entry that
  is not one of them.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_trusted_proxies(entries: Iterable[str]) -> list[str]:
    """The TRUSTED_PROXIES entries, checked; ValueError names the first that is not an address."""
    cleaned = [entry.strip() for entry in entries if entry.strip()]
    for entry in cleaned:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network") from None
    return cleaned


def _address(text: str) -> Address | None:
    """The address in one X-Forwarded-For entry; some proxies add a port ("192.0.2.4:5123",
    "[2001:db8::1]:443")."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_listed_proxy(address: Address | None) -> bool:
    return address is not None and any(address in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from one of our proxies, so its forwarded headers count."""
    if settings.TRUSTED_PROXIES:
        return _is_listed_proxy(_address(request.META.get("REMOTE_ADDR", "")))
    return bool(settings.TRUSTED_PROXY_COUNT > 0)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as our proxies saw it; REMOTE_ADDR when nothing forwarded can be trusted
    (None when the server gave none, as on a unix socket: axes stores it in an address column).

    1. A connection that isn't from a trusted proxy: its own address.
    2. TRUSTED_PROXY_COUNT = n: the n-th X-Forwarded-For entry from the right (fewer entries than
       proxies means the request skipped them: its own address again).
    3. Only TRUSTED_PROXIES: walk X-Forwarded-For from the right past our proxies; the first
       address that isn't one of them (the left-most proxy when all are).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not from_trusted_proxy(request):
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if settings.TRUSTED_PROXY_COUNT > 0:
        if len(hops) < settings.TRUSTED_PROXY_COUNT:
            return remote
        chosen = _address(hops[-settings.TRUSTED_PROXY_COUNT])
        return str(chosen) if chosen is not None else remote
    nearest = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return nearest  # not an address: the sender's own text, so stop at the last proxy
        if not _is_listed_proxy(address):
            return str(address)
        nearest = str(address)
    return nearest
