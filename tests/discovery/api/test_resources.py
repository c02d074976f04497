"""The API's resources: pages, filters and ETags for an incremental sync, and writes that go
through the pages' services and come back refused with the pages' messages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Report
from assessments.reports.services import report_render
from discovery.api.models import IntegrationToken
from discovery.models import Engagement, EngagementEvent, OutgoingEmail
from tests.discovery.api.tokens import bearer, make_token
from tests.discovery.engagement_factories import make_engagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def crm(ada):
    return make_token(ada, name="CRM")[1]


def post(client, url, raw, body):
    return client.post(url, body, content_type="application/json", **bearer(raw))


def test_lists_come_in_pages_with_a_count_and_a_next_link(client, crm):
    for number in range(5):
        make_engagement(f"Org {number}")
    first = client.get("/api/v1/engagements/?page_size=2", **bearer(crm)).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and "page=2" in first["next"]
    assert client.get("/api/v1/engagements/?page=99", **bearer(crm)).status_code == 404


def test_engagements_filter_by_status_lead_and_updated_since(client, crm, alice):
    old = make_engagement("Old Org", lead=alice)
    Engagement.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    new = make_engagement("New Org", status=Engagement.SUBMITTED)
    ids = lambda query: [e["id"] for e in client.get(f"/api/v1/engagements/?{query}", **bearer(crm)).json()["results"]]  # noqa: E731
    assert ids("status=submitted") == [new.pk]
    assert ids(f"lead={alice.pk}") == [old.pk]
    since = (timezone.now() - timedelta(days=1)).isoformat().replace("+", "%2B")
    assert ids(f"updated_since={since}") == [new.pk]
    assert ids("") == [old.pk, new.pk]  # oldest change first: a sync resumes from its last updated_at


def test_a_filter_value_that_isnt_one_is_a_400_naming_the_field(client, crm):
    response = client.get("/api/v1/engagements/?updated_since=yesterday&status=nope", **bearer(crm))
    assert response.status_code == 400 and set(response.json()) == {"updated_since", "status"}


def test_updated_since_with_any_iso_offset_is_read_as_utc_and_never_a_server_error(client, crm):
    old = make_engagement("Old Org")
    Engagement.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    new = make_engagement("New Org")
    ids = lambda query: [e["id"] for e in client.get(f"/api/v1/engagements/?{query}", **bearer(crm)).json()["results"]]  # noqa: E731
    # ISO 8601 allows offsets PostgreSQL refuses (beyond ±15:59); the instant is what counts.
    since = (timezone.now() - timedelta(days=1)).astimezone(timezone.get_fixed_timezone(20 * 60))
    assert ids("updated_since=" + since.isoformat().replace("+", "%2B")) == [new.pk]
    off_the_calendar = client.get("/api/v1/engagements/?updated_since=0001-01-01T00:00:00%2B05:00", **bearer(crm))
    assert off_the_calendar.status_code == 400 and "updated_since" in off_the_calendar.json()


def test_a_list_carries_an_etag_and_answers_304_until_something_changes(client, crm):
    engagement = make_engagement()
    first = client.get("/api/v1/engagements/", **bearer(crm))
    etag = first["ETag"]
    assert etag and client.get("/api/v1/engagements/", HTTP_IF_NONE_MATCH=etag, **bearer(crm)).status_code == 304
    Engagement.objects.filter(pk=engagement.pk).update(updated_at=timezone.now() + timedelta(seconds=5))
    changed = client.get("/api/v1/engagements/", HTTP_IF_NONE_MATCH=etag, **bearer(crm))
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_creating_an_engagement_is_the_public_intake(client, crm):
    body = {
        "organisation": "Nimbus Insurance",
        "industry": "Insurance",
        "contact_name": "Nora North",
        "email": "nora@nimbus.example",
        "use_case": "Classify claims",
        "consent": True,
    }
    response = post(client, "/api/v1/engagements/", crm, body)
    assert response.status_code == 201
    engagement = Engagement.objects.get(pk=response.json()["id"])
    assert engagement.source == Engagement.SELF_SERVICE and engagement.status == Engagement.REQUESTED
    assert engagement.events.filter(kind=EngagementEvent.Kind.REQUESTED).exists()
    assert engagement.emails.filter(kind=OutgoingEmail.CLIENT_LINK).exists()  # the private link, as intake sends
    again = post(client, "/api/v1/engagements/", crm, body)
    assert again.status_code == 200 and again.json()["id"] == engagement.pk


def test_a_bad_intake_is_a_400_per_field_and_creates_nothing(client, crm):
    response = post(client, "/api/v1/engagements/", crm, {"organisation": "", "email": "x", "consent": False})
    assert response.status_code == 400
    assert {"organisation", "email", "consent", "industry", "contact_name", "use_case"} <= set(response.json())
    assert not Engagement.objects.exists()


def test_a_move_goes_through_the_same_service_and_is_audited_with_the_tokens_name(client, crm):
    engagement = make_engagement(status=Engagement.REQUESTED)
    response = post(client, f"/api/v1/engagements/{engagement.pk}/transition/", crm, {"target": "workshop_scheduled"})
    assert response.status_code == 200 and response.json()["status"] == "workshop_scheduled"
    event = engagement.events.get(kind=EngagementEvent.Kind.STATUS_CHANGED)
    assert event.actor.integration_token.name == "CRM"
    assert "CRM" in event.actor.get_full_name()


def test_a_move_the_page_refuses_is_refused_with_the_same_message_as_json(client, crm, alice):
    engagement = make_engagement(status=Engagement.REQUESTED)
    api = post(client, f"/api/v1/engagements/{engagement.pk}/transition/", crm, {"target": "delivered"})
    assert api.status_code == 400
    assert api.json() == {
        "detail": "A report is delivered from its review page (Approve and deliver).",
        "code": "MoveRefused",
    }
    conflict = post(client, f"/api/v1/engagements/{engagement.pk}/transition/", crm, {"target": "closed"})
    assert conflict.status_code == 409 and conflict.json()["code"] == "TransitionNotAllowed"
    client.force_login(alice)
    page = client.post(f"/engagements/{engagement.pk}/status/", {"target": "closed"}, HTTP_HX_REQUEST="true")
    assert page.status_code == 409 and page.content.decode() == conflict.json()["detail"]


def test_assigning_the_lead_follows_the_pages_rules(client, crm, alice, bob):
    engagement = make_engagement(lead=alice)
    refused = post(client, f"/api/v1/engagements/{engagement.pk}/lead/", crm, {"lead": bob.pk})
    assert refused.status_code == 409 and refused.json()["code"] == "LeadChangeRefused"
    free = make_engagement("Free Org")
    taken = post(client, f"/api/v1/engagements/{free.pk}/lead/", crm, {"lead": bob.pk, "expected_lead": None})
    assert taken.status_code == 200 and taken.json()["lead"]["id"] == bob.pk
    stale = post(client, f"/api/v1/engagements/{free.pk}/lead/", crm, {"lead": alice.pk, "expected_lead": None})
    assert stale.status_code == 409 and stale.json()["code"] == "AssignmentConflict"
    nobody = post(client, f"/api/v1/engagements/{make_engagement('Third').pk}/lead/", crm, {"lead": 999999})
    assert nobody.status_code == 400


def test_an_admin_token_may_take_over_a_lead_as_an_admin_may(client, ada, alice, bob):
    _, raw = make_token(ada, name="Ops", role=IntegrationToken.ADMIN)
    engagement = make_engagement(lead=alice)
    assert post(client, f"/api/v1/engagements/{engagement.pk}/lead/", raw, {"lead": bob.pk}).status_code == 200


def test_withdrawing_needs_a_reason_and_keeps_it_on_the_timeline(client, crm):
    engagement = make_engagement(status=Engagement.REQUESTED)
    assert post(client, f"/api/v1/engagements/{engagement.pk}/withdraw/", crm, {"reason": "   "}).status_code == 400
    response = post(client, f"/api/v1/engagements/{engagement.pk}/withdraw/", crm, {"reason": "Budget cut"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


@pytest.fixture
def rendered(ready_report):
    return report_render(report_id=ready_report.pk)


def test_a_reports_files_are_offered_only_once_delivered(client, crm, rendered):
    ready_report = rendered
    body = client.get(f"/api/v1/reports/{ready_report.pk}/", **bearer(crm)).json()
    assert body["downloads"] == {}
    assert client.get(f"/api/v1/reports/{ready_report.pk}/pdf/", **bearer(crm)).status_code == 404
    Report.objects.filter(pk=ready_report.pk).update(delivered_at=timezone.now())
    body = client.get(f"/api/v1/reports/{ready_report.pk}/", **bearer(crm)).json()
    assert set(body["downloads"]) == {"pdf", "docx"}
    pdf = client.get(f"/api/v1/reports/{ready_report.pk}/pdf/", **bearer(crm))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_an_assessment_shows_its_answers_verdict_and_measured_facts(client, crm, rendered):
    ready_report = rendered
    assessment = ready_report.assessment
    body = client.get(f"/api/v1/assessments/{assessment.pk}/", **bearer(crm)).json()
    assert body["engagement_id"] == assessment.engagement_id
    assert body["answers"] and body["verdict"]["verdict"] == ready_report.evaluation.verdict
    assert isinstance(body["measured_facts"], dict)
    evaluation = client.get(f"/api/v1/evaluations/{ready_report.evaluation_id}/", **bearer(crm)).json()
    assert evaluation["verdict_label"]
