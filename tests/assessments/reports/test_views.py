"""The report's own pages: draft HTML, PDF, retry, regenerate, the newest version."""

import pytest
from django.urls import reverse

from assessments.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("name", ["reports:review", "reports:html", "reports:pdf"])
def test_people_without_the_consultant_role_are_refused(client, charlie, ready_report, name):
    client.force_login(charlie)
    assert client.get(reverse(name, args=[ready_report.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, ready_report):
    response = client.get(reverse("reports:pdf", args=[ready_report.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_draft_may_be_framed_by_our_own_review_page_only(client, bob, ready_report):
    client.force_login(bob)
    draft = client.get(reverse("reports:html", args=[ready_report.pk]))
    assert "frame-ancestors 'self'" in draft["Content-Security-Policy"]
    assert draft["X-Frame-Options"] == "SAMEORIGIN"
    review = client.get(reverse("reports:review", args=[ready_report.pk]))
    assert "frame-ancestors 'none'" in review["Content-Security-Policy"]


def test_a_failed_version_shows_its_error_and_try_again_renders_it(client, bob, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(status=Report.FAILED, error="ValueError: template broke")
    client.force_login(bob)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "ValueError: template broke" in page and "Try again" in page
    response = client.post(reverse("reports:retry", args=[ready_report.pk]))
    assert response.status_code == 302
    ready_report.refresh_from_db()
    assert ready_report.status == Report.READY and ready_report.error == ""


def test_regenerate_re_evaluates_into_a_new_version_that_keeps_the_architects_edits(client, bob, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(narrative="Our view")
    client.force_login(bob)
    response = client.post(reverse("reports:regenerate", args=[ready_report.pk]))
    new = Report.objects.get(assessment=ready_report.assessment, number=2)
    assert response["Location"] == reverse("reports:review", args=[new.pk])
    assert new.status == Report.READY and new.evaluation_id != ready_report.evaluation_id
    assert "Our view" in new.html


@pytest.mark.parametrize("name", ["reports:review", "reports:html", "reports:pdf", "reports:latest"])
def test_an_unknown_report_is_not_found(client, bob, name):
    client.force_login(bob)
    assert client.get(reverse(name, args=[999999])).status_code == 404


def test_a_draft_not_yet_rendered_has_no_html_or_pdf_to_show(client, bob, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(status=Report.QUEUED)
    client.force_login(bob)
    assert client.get(reverse("reports:html", args=[ready_report.pk])).status_code == 404
    assert client.get(reverse("reports:pdf", args=[ready_report.pk])).status_code == 404


def test_try_again_on_a_version_that_did_not_fail_changes_nothing(client, bob, ready_report):
    client.force_login(bob)
    response = client.post(reverse("reports:retry", args=[ready_report.pk]), follow=True)
    assert "nothing to retry" in response.content.decode()
    ready_report.refresh_from_db()
    assert ready_report.status == Report.READY and ready_report.attempts == 1
