"""PII signals are counted by kind with line numbers; values are never kept."""

import json

import pytest

from assessments.samples import analyse
from assessments.samples.pii import iban_ok, luhn_ok, pii_kinds
from tests.samples.files import openai_chat, write_jsonl


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("write to jane.doe@example.co.uk today", {"email"}),
        ("call +44 20 7946 0958 after six", {"phone"}),
        ("call (415) 555-0134", {"phone"}),
        ("card 4111 1111 1111 1111 expires", {"card_number"}),
        ("order 4111 1111 1111 1112 shipped", set()),  # fails Luhn
        ("pay GB82 WEST 1234 5698 7654 32", {"iban"}),
        ("pay GB82 WEST 1234 5698 7654 33", set()),  # fails mod-97
        ("meeting on 2024-01-15 at 12:30, version 3.2.1", set()),
    ],
)
def test_signals_are_recognised_by_pattern_and_checksum(text, kinds):
    assert pii_kinds(text) == kinds


def test_checksums():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("DE89 3704 0044 0532 0130 00") and not iban_ok("DE89 3704 0044 0532 0130 01")


def test_lines_with_pii_are_counted_by_kind_without_the_values(tmp_path):
    records = [
        openai_chat("My email is sam@example.com", "Thanks"),
        openai_chat("Nothing personal here", "Fine"),
        openai_chat("Card 4111 1111 1111 1111, phone\n+44 20 7946 0958", "Noted"),
        "not json but mail me: ann@example.org",
    ]
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records))
    report = result.to_dict()["pii_lines"]
    assert (report["count"], report["lines"]) == (3, [1, 3, 4])
    assert report["kinds"] == {
        "card_number": {"count": 1, "lines": [3]},
        "email": {"count": 2, "lines": [1, 4]},
        "phone": {"count": 1, "lines": [3]},
    }
    dumped = json.dumps(result.to_dict())
    assert "example.com" not in dumped and "4111" not in dumped
