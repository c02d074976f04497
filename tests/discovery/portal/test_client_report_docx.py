"""The client downloads the delivered report as Word through their private link, and nothing else."""

import pytest
from django.urls import reverse

from assessments.reports.services import report_generate_now
from discovery.models import ClientLink
from tests.assessments.reports.factories import delivered_to_contact, make_assessment


@pytest.fixture
def delivered(alice):
    assessment = make_assessment("fine_tune", lead=alice, organisation="Northwind Freight")
    return delivered_to_contact(
        assessment,
        alice,
        narrative="Fine-tune now: the examples support it.",
        no_engineers_reason="Your own team will do the work.",
        contact=("Nora", "n@x.example"),
    )


def open_link(client, engagement):
    _, token = ClientLink.issue(engagement)
    client.get(reverse("client-link", args=[token]))
    return client


@pytest.mark.django_db
def test_the_client_downloads_the_delivered_report_as_word(client, delivered):
    open_link(client, delivered.assessment.engagement)
    assert reverse("client-report-docx") in client.get(reverse("client-status")).content.decode()
    response = client.get(reverse("client-report-docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="readiness-report-northwind')
    assert b"".join(response.streaming_content).startswith(b"PK")


@pytest.mark.django_db
def test_no_word_document_before_delivery(client, alice):
    assessment = make_assessment("fine_tune", lead=alice)
    report_generate_now(assessment=assessment)
    open_link(client, assessment.engagement)
    assert client.get(reverse("client-report-docx")).status_code == 404


@pytest.mark.django_db
def test_without_a_link_session_there_is_no_word_document(client, delivered):
    response = client.get(reverse("client-report-docx"))
    assert response.status_code != 200
