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
# A card number is 13 to 19 digits, single spaces or dashes between them: with spaces and dashes
# deleted and every ASCII digit read as "0", a line holding one holds 13 zeros in a row. A
# byte-table pass (microseconds) spares most lines the card pattern, the costliest here.
_ASCII_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_CARD_RUN = b"0" * 13
IBAN_START = re.compile(r"[A-Z]{2}\d{2}")
KINDS = ("email", "phone", "card_number", "iban")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
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
    # Cheap pre-checks skip the costly patterns on lines that can't hold a card or an IBAN.
    # (Digits of other scripts match the card pattern too: a non-ASCII line skips the shortcut.)
    maybe_card = not text.isascii() or _CARD_RUN in text.encode().translate(_ASCII_DIGITS_AS_ZERO, b" -")
    cards = [m.span() for m in CARD.finditer(text) if _is_card(m.group())] if maybe_card else []
    if cards:
        found.add("card_number")
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        # A valid card number also looks like a long phone number (or holds one): count it
        # once, as a card.
        start, end = match.span()
        if 8 <= len(digits) <= 15 and not any(s < end and start < e for s, e in cards):
            found.add("phone")
            break
    if IBAN_START.search(text) and any(iban_ok(m.group()) for m in IBAN.finditer(text)):
        found.add("iban")
    return found


def _is_card(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    return 13 <= len(digits) <= 19 and luhn_ok(digits)
