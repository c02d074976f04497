"""Report PDFs through an S3-compatible object store: a real S3 API (moto's server, started here
on 127.0.0.1), the same code path as production with STORAGE_BACKEND=s3."""

import socket

import boto3
import pytest
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from assessments.models import Report
from assessments.reports.services import report_generate_now
from discovery.models import ClientLink
from tests.assessments.reports.factories import make_assessment

BUCKET = "discovery-test-reports"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The default storage switched to the bucket, with the options settings.py builds for s3."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "addressing_style": "path",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)


def _stored_bytes(s3, key: str) -> bytes:
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


@pytest.mark.django_db
def test_a_generated_report_pdf_is_stored_in_the_bucket_and_downloaded_through_the_view(
    client, alice, s3_storage, settings
):
    report = report_generate_now(assessment=make_assessment("fine_tune", lead=alice))
    assert report.status == Report.READY, report.error
    stored = _stored_bytes(s3_storage, report.pdf.name)
    assert stored.startswith(b"%PDF")
    assert not (settings.MEDIA_ROOT / report.pdf.name).exists()  # nothing on this host's disk

    client.force_login(alice)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored


@pytest.mark.django_db
def test_the_client_downloads_their_delivered_pdf_from_the_bucket(client, alice, s3_storage):
    report = report_generate_now(assessment=make_assessment("not_yet", lead=alice))
    Report.objects.filter(pk=report.pk).update(delivered_at=timezone.now())
    _, token = ClientLink.issue(report.assessment.engagement)
    client.get(reverse("client-link", args=[token]))
    response = client.get(reverse("client-report-pdf"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _stored_bytes(s3_storage, report.pdf.name)


@pytest.mark.django_db
def test_a_report_without_a_pdf_is_not_found_in_the_bucket_setup_either(client, alice, s3_storage):
    report = Report.objects.create(assessment=make_assessment("fine_tune", lead=alice), number=1)
    client.force_login(alice)
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 404


@pytest.mark.django_db
def test_someone_with_no_role_cannot_download_a_pdf_from_the_bucket(client, alice, charlie, s3_storage):
    report = report_generate_now(assessment=make_assessment("fine_tune", lead=alice))
    client.force_login(charlie)
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 403
