import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from assessments.services.evaluation import assessment_preview
from demo import engagements, people
from discovery.engagements.sla import engagement_sla_state
from discovery.models import Engagement

# The response clock counts working days, so a row's SLA state depends on the weekday the demo is
# loaded; on a Thursday afternoon every row's hours fall on working days and each state shows.
MIDWEEK = datetime(2026, 3, 5, 16, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.django_db
@time_machine.travel(MIDWEEK, tick=False)
def test_the_demo_covers_every_status_source_sla_state_and_verdict_and_runs_twice_safely():
    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    engagements.build(out)
    assert "12 created" in out.getvalue() and "0 created, 12 already there" in out.getvalue()
    demo = list(Engagement.objects.prefetch_related("assessments"))
    assert len(demo) == 12
    assert {e.status for e in demo} == {s for s, _ in Engagement.STATUSES}
    assert {e.source for e in demo} == {Engagement.SELF_SERVICE, Engagement.WORKSHOP}
    now = timezone.now()
    assert {engagement_sla_state(e, now) for e in demo} >= {
        "on_track",
        "due_soon",
        "overdue",
        "answered_in_time",
        "answered_late",
    }
    verdicts = {
        assessment_preview(assessment=a).verdict for e in demo for a in e.assessments.all() if a.status == "submitted"
    }
    assert verdicts == {"fine_tune", "not_yet", "do_not_fine_tune"}
    assert any(e.lead is None for e in demo)
    workshop = Engagement.objects.get(status=Engagement.IN_WORKSHOP).assessments.get()
    assert workshop.attendees.count() == 3
    assert workshop.answers.filter(stakeholders_disagree=True).exists()
    assert workshop.answers.get(question_slug="request_volume").revisions.count() == 2
