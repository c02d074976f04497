"""Which address a request comes from: forwarded headers count only from our own proxies."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from web.client_address import client_ip, parse_trusted_proxies
from web.middleware import DropUntrustedForwardedProto


def _request(remote="198.51.100.7", forwarded=None, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=[])
def test_with_no_proxy_configured_forwarded_for_is_ignored():
    assert client_ip(_request(forwarded="203.0.113.9")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_behind_one_proxy_the_right_most_entry_is_the_client():
    # The client wrote "203.0.113.9"; our proxy appended the address it really saw.
    assert client_ip(_request(remote="10.0.0.2", forwarded="203.0.113.9, 192.0.2.44")) == "192.0.2.44"


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXIES=[])
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client():
    assert client_ip(_request(remote="10.0.0.2", forwarded="203.0.113.9, 192.0.2.44, 10.0.0.3")) == "192.0.2.44"


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXIES=[])
def test_fewer_entries_than_proxies_falls_back_to_the_connection():
    assert client_ip(_request(remote="10.0.0.2", forwarded="192.0.2.44")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_a_proxy_entry_that_is_not_an_address_falls_back_to_the_connection():
    assert client_ip(_request(remote="10.0.0.2", forwarded="203.0.113.9, not-an-ip")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
def test_a_port_a_proxy_adds_is_not_part_of_the_address():
    assert client_ip(_request(remote="10.0.0.2", forwarded="192.0.2.44:5123")) == "192.0.2.44"
    assert client_ip(_request(remote="10.0.0.2", forwarded="[2001:db8::7]:443")) == "2001:db8::7"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_listed_proxy_is_needed_for_forwarded_for_to_count():
    assert client_ip(_request(remote="10.0.0.2", forwarded="192.0.2.44")) == "192.0.2.44"
    # Straight to the app from outside the proxies' network: the header is the sender's own text.
    assert client_ip(_request(remote="198.51.100.7", forwarded="192.0.2.44")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::1"])
def test_with_listed_proxies_the_client_is_the_right_most_address_that_is_not_one():
    request = _request(remote="10.0.0.2", forwarded="203.0.113.9, 192.0.2.44, 2001:db8::1, 10.1.2.3")
    assert client_ip(request) == "192.0.2.44"


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_with_listed_proxies_text_left_of_them_is_not_believed():
    assert client_ip(_request(remote="10.0.0.2", forwarded="garbage, 10.0.0.9")) == "10.0.0.9"


def test_trusted_proxies_must_be_addresses_or_networks():
    assert parse_trusted_proxies([" 10.0.0.0/8", "", "::1"]) == ["10.0.0.0/8", "::1"]
    with pytest.raises(ValueError, match="'proxy.internal' is not an IP address"):
        parse_trusted_proxies(["proxy.internal"])


def _proto_seen(request) -> str | None:
    seen = {}

    def view(req):
        seen["proto"] = req.META.get("HTTP_X_FORWARDED_PROTO")
        return HttpResponse()

    DropUntrustedForwardedProto(view)(request)
    return seen["proto"]


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=[])
def test_forwarded_proto_is_dropped_when_no_proxy_is_configured():
    assert _proto_seen(_request(HTTP_X_FORWARDED_PROTO="https")) is None


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_forwarded_proto_is_kept_only_from_a_listed_proxy():
    assert _proto_seen(_request(remote="10.0.0.2", HTTP_X_FORWARDED_PROTO="https")) == "https"
    assert _proto_seen(_request(remote="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")) is None


@override_settings(TRUSTED_PROXY_COUNT=0, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_connection_without_an_address_has_none_and_its_forwarded_headers_are_ignored():
    # A unix socket gives no REMOTE_ADDR; axes stores the address in an address column.
    assert client_ip(_request(remote="", forwarded="192.0.2.44")) is None
