"""The workshop on the room's shared screen (1920×1080): an annotated question opens with its
notes collapsed, and one switch takes every internal field off the page, remembered next visit."""

import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations, page, screenshot  # noqa: F401
from tests.discovery.engagement_factories import make_annotated_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED_SCREEN = {"width": 1920, "height": 1080}
NOTE = "CFO privately doubts the budget"


def test_presenter_mode_keeps_internal_fields_off_the_shared_screen(page, alice, bob):  # noqa: F811
    engagement = make_annotated_workshop(lead=alice, colleague=bob, note=NOTE, detail="CTO and product lead differ")
    page.set_viewport_size(SHARED_SCREEN)
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form [type=submit]").click()
    page.wait_for_url(f"{page.base_url}/queue/")
    workshop_url = f"{page.base_url}/engagements/{engagement.pk}/workshop/"
    page.goto(workshop_url)

    # Collapsed on load: the note exists for the consultant but is not on the screen.
    expect(page.locator("#note-request_volume")).to_be_hidden()
    expect(page.locator("#form-request_volume").get_by_text("never shown to the client")).to_be_hidden()

    page.get_by_role("button", name="Presenter mode: off").click()
    expect(page.get_by_role("button", name="Presenter mode: on")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#note-request_volume")).to_have_count(0)
    html = page.content()
    assert NOTE not in html and "CTO and product lead differ" not in html and "Bob" not in html
    assert axe_violations(page) == []
    screenshot(page, "workshop-presenter-1920")

    # Answering still works, the note survives, and the mode is remembered on the next visit.
    with page.expect_response(lambda r: "/workshop/answers/request_volume/" in r.url and r.status == 200):
        page.locator("#v-request_volume-high").check()
    expect(page.locator("#status-request_volume")).to_contain_text("Saved.")
    page.goto(workshop_url)
    expect(page.get_by_role("button", name="Presenter mode: on")).to_be_visible()
    assert NOTE not in page.content()
    assert engagement.assessments.get().answers.get(question_slug="request_volume").note == NOTE
