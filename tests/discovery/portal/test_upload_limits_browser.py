"""In headless Chromium: a client who sends a file over the body limit, or uploads past the
assessment's hourly allowance, is told why above the upload form (htmx swaps the 413's message;
it would otherwise drop an error response silently), and can still upload afterwards."""

import json

import pytest

from assessments.models import SampleUpload
from discovery.models import ClientLink, Engagement
from tests.browser import PHONE, page, screenshot  # noqa: F401
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.samples.files import distinct_questions, openai_chat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(path, count):
    records = [openai_chat(q, f"Reply {i}") for i, q in enumerate(distinct_questions(count))]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_an_oversized_file_and_an_upload_past_the_hourly_allowance_are_explained_above_the_form(
    page,  # noqa: F811
    settings,
    tmp_path,
):
    settings.UPLOAD_MAX_BODY_BYTES = 200 * 1024
    settings.SAMPLE_UPLOADS_PER_HOUR = 1
    engagement = make_engagement("Meridian Retail", status=Engagement.REQUESTED)
    make_assessment_for(engagement)
    _, token = ClientLink.issue(engagement)
    base = page.base_url
    page.goto(f"{base}/c/{token}/")
    page.goto(f"{base}/my/questions/data/")

    # 1. Over the body limit: refused unread, the message shown above the form, which stays.
    page.locator("#sample-training-file").set_input_files(str(write(tmp_path / "big.jsonl", 3000)))
    page.get_by_role("button", name="Upload and analyse").click()
    alert = page.locator("#sample-training [role=alert]", has_text="the limit is 200 KB")
    alert.wait_for()
    assert "Nothing was stored" in alert.inner_text()
    assert not SampleUpload.objects.exists()
    page.set_viewport_size(PHONE)
    screenshot(page, "upload-too-large-phone")

    # 2. A file within the limit is accepted from the same form.
    page.locator("#sample-training-file").set_input_files(str(write(tmp_path / "small.jsonl", 40)))
    page.get_by_role("button", name="Upload and analyse").click()
    page.locator("#sample-training-findings").wait_for()

    # 3. The next one in the same hour is past the allowance: the panel says when to try again.
    page.locator("#sample-training-file").set_input_files(str(write(tmp_path / "again.jsonl", 40)))
    page.get_by_role("button", name="Upload and analyse").click()
    page.locator("#sample-training-error", has_text="1 file uploaded in the last hour").wait_for()
    assert "Try again after" in page.locator("#sample-training-error").inner_text()
    assert SampleUpload.objects.count() == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "upload-allowance-desktop")
