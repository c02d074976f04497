"""Reading ids a request names: only ASCII digits in a database key's range count."""

import pytest

from web.ids import MAX_ID, parse_id


@pytest.mark.parametrize("value", ["1", "42", str(MAX_ID)])
def test_ascii_digits_within_range_are_ids(value):
    assert parse_id(value) == int(value)


@pytest.mark.parametrize(
    "value",
    ["", "0", "-1", "+1", " 1", "1 ", "abc", "²", "١٢", "1.0", "9" * 25, str(MAX_ID + 1), None, 3, ["1"]],
)
def test_anything_else_is_no_id(value):
    assert parse_id(value) is None
