"""Ids named by a request (a posted field, a URL part, a form key) as database keys, or None.

`"²".isdigit()` is true and `int("²")` fails; `int("9" * 25)` works but no database column holds
it. Every view reads ids through `parse_id`, so malformed ones are "not found", never a 500.
"""

import re

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1  # the largest key PostgreSQL's bigint and SQLite's integer can store


def parse_id(value: object) -> int | None:
    """`value` as a positive id when it is 1–19 ASCII digits within range; else None."""
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
