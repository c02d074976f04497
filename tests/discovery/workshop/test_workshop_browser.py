"""A workshop in headless Chromium, keyboard only: answers across sections, the provisional
verdict follows them, and ending the workshop generates the report."""

import pytest

from assessments.models import Report
from discovery.models import Engagement
from tests.browser import page, screenshot  # noqa: F401
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def verdict(browser_page) -> str:
    return browser_page.locator("#verdict").get_attribute("data-verdict")


def press_and_save(browser_page, key):
    with browser_page.expect_response(lambda r: "/workshop/answers/" in r.url and r.status == 200):
        browser_page.keyboard.press(key)


def tab_until(browser_page, element_id, limit=80):
    for _ in range(limit):
        if browser_page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        browser_page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never took the focus")


def tab_to_text(browser_page, text, limit=80):
    """Tab until the focused link or button reads `text`, as a keyboard user would find it."""
    for _ in range(limit):
        browser_page.keyboard.press("Tab")
        if browser_page.evaluate("document.activeElement && document.activeElement.innerText.trim()") == text:
            return
    raise AssertionError(f"{text!r} never took the focus")


def test_a_keyboard_only_workshop_changes_the_verdict_and_ends_with_a_report(page, alice):  # noqa: F811
    engagement = make_engagement(
        "Harbour Health", status=Engagement.IN_WORKSHOP, source=Engagement.WORKSHOP, lead=alice
    )
    # Everything in place except the goal (only general quality: no fit) and the examples (none).
    answers = golden_answers("fine_tune") | {"goals": ["general_quality"], "curated_examples": "none"}
    make_assessment_for(engagement, answers)
    base = page.base_url

    page.goto(base + "/accounts/login/")
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/queue/")

    # From the queue to the engagement to workshop mode, by keyboard.
    tab_to_text(page, "Harbour Health")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/engagements/{engagement.pk}/")
    tab_to_text(page, "Open workshop mode")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/engagements/{engagement.pk}/workshop/")
    assert verdict(page) == "do_not_fine_tune"
    assert page.get_by_text("PROVISIONAL", exact=True).is_visible()

    # Section 1: leave the summary box, jump to the goals question (j), tick brand voice.
    assert page.evaluate("document.activeElement.id") == "v-use_case_summary"
    page.keyboard.press("Tab")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "v-goals-general_quality"
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "v-goals-style_voice"
    press_and_save(page, "Space")
    for _ in range(6):
        page.keyboard.press("Tab")
    press_and_save(page, "Space")  # untick general quality
    assert verdict(page) != "do_not_fine_tune"

    # Two sections on (PageDown twice): the examples question, arrow keys move the choice.
    page.keyboard.press("PageDown")
    page.wait_for_url("**section=1")
    page.keyboard.press("Alt+ArrowRight")
    page.wait_for_url("**section=2")
    assert page.evaluate("document.activeElement.id") == "v-curated_examples-none"
    # Having examples shows the "checked by someone" question: the section redraws, focus stays.
    with page.expect_navigation():
        press_and_save(page, "ArrowDown")
    page.locator("#q-examples_reviewed").wait_for()
    assert page.evaluate("document.activeElement.id") == "v-curated_examples-under_100"
    press_and_save(page, "ArrowDown")
    assert page.evaluate("document.activeElement.id") == "v-curated_examples-100_to_1000"
    page.locator("#verdict[data-verdict='fine_tune']").wait_for()
    screenshot(page, "workshop-fine-tune")

    # End the workshop from the keyboard.
    tab_until(page, "end-workshop")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/engagements/{engagement.pk}/")
    page.get_by_text("Workshop ended.").wait_for()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.SUBMITTED
    assert Report.objects.filter(assessment__engagement=engagement).exists()
    # The worker ran (eager here): the timeline says the report was generated, ready to review.
    page.get_by_text("Report v1 generated").wait_for()
    assert page.get_by_role("link", name="Review report v1").is_visible()


def test_with_one_goal_ticked_the_shared_screen_says_not_decided_yet_and_what_it_depends_on(page, alice):  # noqa: F811
    # Issue 23: after one goal the screen said "Fine-tune now" with eight required questions open.
    engagement = make_engagement("Tern Ferries", status=Engagement.IN_WORKSHOP, source=Engagement.WORKSHOP, lead=alice)
    make_assessment_for(engagement, {"use_case_summary": "Timetable answers in our house style."})
    base = page.base_url
    page.goto(base + "/accounts/login/")
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/queue/")
    page.goto(f"{base}/engagements/{engagement.pk}/workshop/")
    with page.expect_response(lambda r: "/workshop/answers/goals" in r.url and r.status == 200):
        page.locator("#v-goals-style_voice").check()
    page.locator("#verdict[data-decided='false']").wait_for()
    panel = page.locator("#verdict-panel")
    assert page.locator("#verdict").inner_text() == "Not decided yet"
    depends = page.locator("#verdict-depends").inner_text()
    assert "Have you tried improving the instructions (prompts) you give the model?" in depends
    assert "settles it as “Do not fine-tune”" in depends and "can rule out “Fine-tune now”" in depends
    assert "Fine-tune now" not in page.locator("#verdict").inner_text()
    assert "nothing fine-tuning depends on is missing" not in panel.inner_text()
    screenshot(page, "workshop-not-decided-yet")

    # Answering the question it named settles it: prompting not tried decides "Do not fine-tune".
    page.goto(f"{base}/engagements/{engagement.pk}/workshop/?section=1")
    with page.expect_response(lambda r: "/workshop/answers/prompting_tried" in r.url and r.status == 200):
        page.locator("#v-prompting_tried-not_tried").check()
    page.locator("#verdict[data-verdict='do_not_fine_tune'][data-decided='true']").wait_for()
