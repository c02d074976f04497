"""Named date formats: pages say what they show (DATE, DATETIME, …), one definition says how."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.template import Context, Template

from web.dates import DATE_FORMATS, date_as

ROOT = Path(__file__).resolve().parents[2]
MOMENT = datetime(2026, 12, 4, 15, 7, 31, tzinfo=UTC)  # London is on GMT in December


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("DATE", "4 December 2026"),
        ("SHORT_DATE", "4 Dec 2026"),
        ("DATETIME", "4 Dec 2026, 15:07"),
        ("FULL_DATETIME", "Friday 4 December 2026, 15:07 GMT"),
        ("DUE", "Fri 4 Dec, 15:07"),
        ("EXACT", "4 Dec 2026, 15:07:31 GMT"),
    ],
)
def test_each_named_format_reads_as_documented(name, shown):
    assert date_as(MOMENT, name) == shown


def test_it_shows_local_time_and_takes_plain_dates_and_nothing():
    summer = datetime(2026, 6, 15, 23, 30, tzinfo=UTC)  # already the 16th in London (BST)
    assert date_as(summer, "DATETIME") == "16 Jun 2026, 00:30"
    assert date_as(date(2026, 6, 15), "DATE") == "15 June 2026"
    assert date_as(None, "DATE") == ""


def test_an_unknown_name_is_said_at_once():
    with pytest.raises(ValueError, match="No date format named 'LONG'"):
        date_as(MOMENT, "LONG")


def test_the_filter_needs_no_load():
    assert Template('{{ at|date_as:"SHORT_DATE" }}').render(Context({"at": MOMENT})) == "4 Dec 2026"


def _templates():
    return [p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".txt")]


def test_no_template_spells_a_date_format_out():
    # 'c' is the machine-readable ISO form of <time datetime>, not something a person reads; the
    # admin's own template keeps Django's DATETIME_FORMAT.
    allowed = {"c", "DATETIME_FORMAT"}
    literal = re.compile(r"""\|date:(["'])([^"']*)\1""")
    found = [f"{p.relative_to(ROOT)}: {m[1]}" for p in _templates() for m in literal.findall(p.read_text())]
    assert [f for f in found if f.split(": ", 1)[1] not in allowed] == []


def test_every_name_a_template_uses_exists():
    used = {m for p in _templates() for m in re.findall(r"""\|date_as:["'](\w+)["']""", p.read_text())}
    assert used and used <= set(DATE_FORMATS)
