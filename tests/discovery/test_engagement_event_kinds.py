"""Engagement event kinds are choices: the model refuses a kind it doesn't name, and every writer
and reader in the code names one through EngagementEvent.Kind, never a free string."""

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from demo import client_links, engagements, people
from discovery.models import EngagementEvent
from tests.discovery.engagement_factories import make_engagement

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"(EngagementEvent\.objects|\.events)\.(create|filter|exclude|get)\(")


@pytest.mark.django_db
def test_the_model_refuses_a_kind_it_does_not_name():
    engagement = make_engagement()
    with pytest.raises(ValidationError, match="kind"):
        EngagementEvent(engagement=engagement, kind="lead_changed", message="m").full_clean()
    for kind in EngagementEvent.Kind:
        EngagementEvent(engagement=engagement, kind=kind, message="m").full_clean()


def _call_text(source: str, start: int) -> str:
    """The text of the call whose opening parenthesis ends at `start`, to its closing one."""
    depth, i = 1, start
    while depth:
        depth += {"(": 1, ")": -1}.get(source[i], 0)
        i += 1
    return source[start:i]


def test_no_code_writes_or_reads_an_event_kind_as_a_free_string():
    offenders = []
    for path in [p for d in ("discovery", "assessments", "web") for p in (ROOT / d).rglob("*.py")]:
        if "migrations" in path.parts:
            continue
        source = path.read_text()
        for match in CALL.finditer(source):
            if re.search(r"\bkind(__in)?\s*=\s*[\"'\[]", _call_text(source, match.end())):
                line = source.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == []


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 5, 16, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_every_event_the_demo_writes_is_a_choice():
    # The demo builds its timelines from tuples, out of the grep's sight: check what it wrote.
    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    client_links.build(out)
    kinds = set(EngagementEvent.objects.values_list("kind", flat=True))
    assert kinds and kinds <= set(EngagementEvent.Kind.values)
