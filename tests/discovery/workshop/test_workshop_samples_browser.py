"""In headless Chromium: a sample uploaded during a workshop changes the live verdict as soon as
its analysis ends, with no answer changed and no reload."""

import json

import pytest
from playwright.sync_api import expect

from discovery.models import Engagement
from tests.browser import page  # noqa: F401
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement
from tests.discovery.workshop.test_workshop_browser import verdict
from tests.samples.files import distinct_questions, openai_chat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_measured_sample_changes_the_live_verdict_without_a_reload(page, alice, tmp_path):  # noqa: F811
    engagement = make_engagement(
        "Harbour Health", status=Engagement.IN_WORKSHOP, source=Engagement.WORKSHOP, lead=alice
    )
    make_assessment_for(engagement, golden_answers("fine_tune"))  # they say they have the examples
    sample = tmp_path / "replies.jsonl"
    sample.write_text("".join(json.dumps(openai_chat(q, "Reply")) + "\n" for q in distinct_questions(20)))
    base = page.base_url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form [type=submit]")
    page.goto(f"{base}/engagements/{engagement.pk}/workshop/?section=2")
    assert verdict(page) == "fine_tune"

    page.locator("#sample-training-file").set_input_files(str(sample))
    page.get_by_role("button", name="Upload and analyse").click()
    page.locator("#sample-training-findings", has_text="20 unique").wait_for()
    # Playwright's expect polls from outside the page (wait_for_function would need eval, which the CSP forbids).
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "not_yet")
    panel = page.locator("#verdict-panel").inner_text()
    assert "Not enough good examples yet" in panel and "measurements of the uploaded files" in panel
    assert page.url == f"{base}/engagements/{engagement.pk}/workshop/?section=2"  # no navigation
