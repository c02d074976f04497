"""PII signals found by pattern. Only the kind and the line are ever kept, never the value.

Card numbers must pass the Luhn check and IBANs the ISO 13616 mod-97 check, so order numbers
and dates are not reported as cards or accounts.
"""

from __future__ import annotations

import re

# Every pattern runs in time linear in the line (tests/samples/test_pii.py feeds 2 MB adversarial
# lines): the email pattern is found from its "@" (a local-part character must precede it) and
# its domain labels are possessive, so a long run of letters, digits or dots is never re-scanned;
# the other patterns' repetitions are bounded and start only where a run starts.
EMAIL = re.compile(r"(?<=[A-Za-z0-9._%+-])@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++")
TOP_LEVEL = re.compile(r"\.[A-Za-z]{2}")
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}"  # international
    r"|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"  # North American
    r"|\b0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b)"  # national, trunk prefix 0
)
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
# Shortcuts for ASCII lines: one byte-table pass (microseconds) reads every digit as "0" and every
# capital as "A", and deletes the characters that may sit between a number's digits. A card
# number (13 to 19 digits, single spaces or dashes between them) then leaves 13 zeros in a row, a
# phone number worth reporting (8 or more digits, separated only by whitespace, dots, dashes,
# brackets or "+") leaves 8, and an IBAN's start (two capitals, two digits) leaves "AA00"; a line
# without them can't match, so it is spared that pattern. (Digits of other scripts match ``\d``
# too, and ``\s`` is wider outside ASCII: a non-ASCII line runs every pattern.)
_SHAPES = bytes.maketrans(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0" * 10 + b"A" * 26)
_BETWEEN_DIGITS = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f.()+-"  # ASCII ``\s`` and the phone's separators
_RUNS = (b"0" * 13, b"0" * 8, b"AA00")  # card, phone, IBAN
IBAN_START = re.compile(r"[A-Z]{2}\d{2}")
KINDS = ("email", "phone", "card_number", "iban")


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a digit doubled, its two digits added


def luhn_ok(digits: str) -> bool:
    # From the right: every second digit counts doubled.
    total = sum(map(int, digits[-1::-2])) + sum(_DOUBLED[int(d)] for d in digits[-2::-2])
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def pii_kinds(text: str) -> set[str]:
    """The kinds of PII signal in ``text``."""
    found = set()
    if "@" in text and any(TOP_LEVEL.search(m.group()) for m in EMAIL.finditer(text)):
        found.add("email")
    # Cheap pre-checks skip the costly patterns on lines that can't hold a card, a phone or an IBAN.
    maybe_card, maybe_phone, maybe_iban = possible(text)
    cards = [m.span() for m in CARD.finditer(text) if _is_card(m.group())] if maybe_card else []
    if cards:
        found.add("card_number")
    for match in PHONE.finditer(text) if maybe_phone else ():
        digits = re.sub(r"\D", "", match.group())
        # A valid card number also looks like a long phone number (or holds one): count it
        # once, as a card.
        start, end = match.span()
        if 8 <= len(digits) <= 15 and not any(s < end and start < e for s, e in cards):
            found.add("phone")
            break
    if maybe_iban and IBAN_START.search(text) and any(iban_ok(m.group()) for m in IBAN.finditer(text)):
        found.add("iban")
    return found


def possible(text: str) -> tuple[bool, bool, bool]:
    """Whether ``text`` may hold a card number, a phone number (8 digits or more), an IBAN:
    False means the pattern can't match, so it needn't run."""
    if not text.isascii():
        return True, True, True
    shapes = text.encode().translate(_SHAPES, _BETWEEN_DIGITS)
    return _RUNS[0] in shapes, _RUNS[1] in shapes, _RUNS[2] in shapes


def _is_card(candidate: str) -> bool:
    digits = candidate.replace(" ", "").replace("-", "")  # CARD matches digits, spaces and dashes only
    return 13 <= len(digits) <= 19 and luhn_ok(digits)
