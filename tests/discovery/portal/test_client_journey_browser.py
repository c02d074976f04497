"""A client's whole journey in headless Chromium: request, answer, leave, come back, submit."""

import time

import pytest
from django.core.cache import cache
from django.utils import dateformat, timezone

from assessments.models import Assessment
from discovery.models import ClientLink, Engagement
from tests.browser import page, screenshot  # noqa: F401
from tests.discovery.client_helpers import VALID_REQUEST, emailed_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "nora@northwind.example"


def choose(browser_page, slug, value):
    browser_page.locator(f"#id-{slug}-{value}").check()


def wait_saved(browser_page):
    browser_page.locator("#save-status", has_text="All changes saved").wait_for()


def request_from_the_form(browser_page, base):
    """A short request through the public form, up to its "check your inbox" page."""
    browser_page.goto(base + "/request/")
    for label, key in [("Organisation", "organisation"), ("Industry", "industry"), ("Your name", "name")]:
        browser_page.get_by_label(label).fill(VALID_REQUEST[key])
    browser_page.get_by_label("Work email").fill(EMAIL)
    browser_page.get_by_label("What do you want a language model to do?").fill("Draft replies.")
    browser_page.get_by_label("You may contact me about this assessment.").check()
    browser_page.get_by_role("button", name="Request my assessment").click()
    browser_page.get_by_role("heading", name="Thank you — check your inbox").wait_for()


def test_a_client_requests_answers_leaves_resumes_and_submits(page, live_server):  # noqa: F811
    cache.clear()
    base = page.base_url

    # 1. Request an assessment from the public home page.
    page.goto(base + "/")
    page.get_by_role("link", name="Request a readiness assessment").first.click()
    page.get_by_label("Organisation").fill("Northwind Insurance Ltd")
    page.get_by_label("Industry").fill("Insurance")
    page.get_by_label("Your name").fill("Nora North")
    page.get_by_label("Your role").fill("Head of Claims")
    page.get_by_label("Work email").fill(EMAIL)
    page.get_by_label("What do you want a language model to do?").fill("Draft replies to claim enquiries.")
    page.get_by_label("You may contact me about this assessment.").check()
    page.get_by_role("button", name="Request my assessment").click()
    page.get_by_role("heading", name="Thank you — check your inbox").wait_for()
    assert "/c/" not in page.content()  # the link travels only by email
    screenshot(page, "confirmation")

    # 2. Follow the emailed link in a fresh browser context (the token leaves the address bar).
    token = emailed_token(EMAIL)
    page.context.clear_cookies()
    page.goto(f"{base}/c/{token}/")
    assert page.url == base + "/my/"
    page.get_by_role("link", name="Continue").click()  # the request's use case already answers one

    # 3. Answer the first section; the change-rate question follows the "new knowledge" goal.
    page.locator("#id-use_case_summary").fill("Reply to claims in our voice.")
    wait_saved(page)
    change_rate = page.locator("#id-knowledge_change_rate-weekly_or_faster")
    assert change_rate.count() == 0
    # With the keyboard: Space ticks the goal; the redrawn section keeps the focus where it was.
    page.locator("#id-goals-new_knowledge").focus()
    page.keyboard.press("Space")
    change_rate.wait_for(state="visible")
    page.locator("#save-status", has_text="1 new question below").wait_for()  # announced to screen readers
    assert page.evaluate("document.activeElement.id") == "id-goals-new_knowledge"
    page.keyboard.press("Space")
    change_rate.wait_for(state="detached")
    page.locator("#save-status", has_text="1 question no longer needed").wait_for()
    assert page.evaluate("document.activeElement.id") == "id-goals-new_knowledge"
    choose(page, "goals", "style_voice")
    choose(page, "request_volume", "high")
    choose(page, "consistency_need", "strict")
    wait_saved(page)
    assert page.locator("#progress-label").inner_text() == "4 of 14 questions answered"
    screenshot(page, "questionnaire")
    page.get_by_role("button", name="Save and continue").click()

    # 4. Half of the second section, then the tab is closed the instant after a click, before
    #    the delayed autosave ran: the last answer still reaches the server as the page goes.
    page.get_by_role("heading", name="What you have tried so far").wait_for()
    choose(page, "prompting_tried", "systematic")
    wait_saved(page)
    choose(page, "prompting_outcome", "inconsistent")
    browser = page.context.browser
    page.close()

    # 5. Back with the same link in a new browser (as on another device), resume where they stopped.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/c/{token}/")
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("heading", name="What you have tried so far").wait_for()
    assert page.locator("#id-prompting_tried-systematic").is_checked()
    assert page.locator("#id-prompting_outcome-inconsistent").is_checked()

    # 6. The connection drops: the change is not lost, and is saved once the browser is back online.
    page.context.set_offline(True)
    choose(page, "rag_tried", "no")
    page.locator("#save-status", has_text="Not saved").wait_for()
    page.context.set_offline(False)
    wait_saved(page)
    assert Assessment.objects.get(engagement__contact__email=EMAIL).answer_values()["rag_tried"] == "no"

    # 7. The session ends while the page is open (it expired): the next change says so plainly.
    page.context.clear_cookies(name="sessionid")
    choose(page, "base_model_fit", "partially")
    page.locator("#save-status", has_text="Your session has ended").wait_for()
    page.goto(f"{base}/c/{token}/")
    page.get_by_role("link", name="Continue").click()
    assert not page.locator("#id-base_model_fit-partially").is_checked()
    choose(page, "base_model_fit", "partially")
    wait_saved(page)
    page.get_by_role("button", name="Save and continue").click()
    choose(page, "curated_examples", "100_to_1000")
    choose(page, "examples_reviewed", "yes")
    choose(page, "training_data_rights", "yes")
    wait_saved(page)
    page.get_by_role("button", name="Save and continue").click()
    choose(page, "evaluation_method", "defined_metrics")
    choose(page, "baseline_measured", "yes")
    page.get_by_role("button", name="Save and continue").click()
    choose(page, "migration_owner", "yes")
    page.get_by_role("button", name="Save and continue to review").click()

    # 8. Review and submit; the page promises when an architect will answer.
    page.get_by_role("heading", name="Review and submit").wait_for()
    assert page.get_by_text("Reply to claims in our voice.").is_visible()
    page.get_by_role("button", name="Submit my answers").click()
    page.locator("#response-due").wait_for()
    engagement = Engagement.objects.get(contact__email=EMAIL)
    due = timezone.localtime(engagement.response_due_at)
    assert engagement.status == Engagement.SUBMITTED
    assert (
        page.locator("#response-due")
        .inner_text()
        .startswith(f"An architect will respond by {dateformat.format(due, 'l j F Y, H:i')}")
    )
    page.context.close()


def test_without_javascript_and_with_the_keyboard_only_a_section_can_be_answered(page, live_server):  # noqa: F811
    cache.clear()
    context = page.context.browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    base = page.base_url
    request_from_the_form(nojs, base)
    nojs.goto(f"{base}/c/{emailed_token(EMAIL)}/")
    nojs.get_by_role("link", name="Continue").click()  # the request's use case already answers one

    # Keyboard only: into the answer box (it holds the request's text), replace it, Tab to the
    # first goal, Space to tick it.
    nojs.locator("#id-use_case_summary").focus()
    nojs.keyboard.press("Control+A")
    nojs.keyboard.type("Reply to claims in our voice.")
    nojs.keyboard.press("Tab")
    nojs.keyboard.press("Space")
    assert nojs.locator("#id-goals-style_voice").is_checked()
    nojs.get_by_role("button", name="Save and continue").click()
    nojs.get_by_role("heading", name="What you have tried so far").wait_for()
    nojs.get_by_role("link", name="1. What you want the model to do").click()
    assert nojs.locator("#id-use_case_summary").input_value() == "Reply to claims in our voice."
    assert nojs.locator("#id-goals-style_voice").is_checked()
    assert ClientLink.objects.count() == 1
    context.close()


def test_text_typed_while_the_section_is_redrawn_is_kept(page, live_server, monkeypatch):  # noqa: F811
    from discovery.portal.services.client_links import client_link_issue
    from discovery.portal.services.intake import engagement_request
    from discovery.portal.views import questionnaire as client_questionnaire

    cache.clear()
    result = engagement_request(
        organisation_name="Northwind",
        industry="Insurance",
        contact_name="Nora",
        email=EMAIL,
        role="",
        use_case="Replies.",
        consent=True,
    )
    _, token = client_link_issue(engagement=result.engagement)
    real_save = client_questionnaire.section_save

    def slow_save(**kwargs):  # a slow connection: the redraw arrives while the client is still typing
        time.sleep(1.5)
        return real_save(**kwargs)

    monkeypatch.setattr(client_questionnaire, "section_save", slow_save)
    page.goto(f"{page.base_url}/c/{token}/")
    page.goto(f"{page.base_url}/my/questions/use_case/")
    page.locator("#id-use_case_summary").fill("")  # it holds the request's text; start empty
    wait_saved(page)
    with page.expect_request("**/autosave/"):  # the save is now on its way
        choose(page, "goals", "new_knowledge")  # will redraw the section: a follow-up question appears
    page.locator("#id-use_case_summary").press_sequentially("Typed during the save")
    page.locator("#id-knowledge_change_rate-monthly").wait_for()
    assert page.locator("#id-use_case_summary").input_value() == "Typed during the save"
    wait_saved(page)
    page.reload()
    assert page.locator("#id-use_case_summary").input_value() == "Typed during the save"


def test_a_change_typed_before_the_scripts_arrive_is_still_saved(page, live_server):  # noqa: F811
    cache.clear()
    base = page.base_url
    request_from_the_form(page, base)
    page.goto(f"{base}/c/{emailed_token(EMAIL)}/")

    # Hold htmx back for a second, as a slow connection would, and type while it is on its way.
    def slow(route):
        time.sleep(1.0)
        route.continue_()

    page.route("**/htmx*.js", slow)
    page.get_by_role("link", name="Continue").click()
    page.locator("#id-use_case_summary").fill("Typed before the page finished loading.")
    wait_saved(page)
    assert Assessment.objects.get().answer_values()["use_case_summary"] == "Typed before the page finished loading."
