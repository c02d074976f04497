"""An architect's review in headless Chromium: the draft shows beside the answers, an override
needs a reason, the saved version shows both verdicts, and the client then reads only that version."""

import pytest
from django.core import mail

from assessments.models import Report
from assessments.reports.services import report_request
from discovery.models import ClientLink, ConsultantProfile, Contact
from tests.assessments.reports.factories import make_assessment
from tests.browser import assert_accessible, axe_violations, page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_architect_overrides_with_a_reason_delivers_and_the_client_reads_that_version(page, alice):  # noqa: F811
    ConsultantProfile.objects.create(user=alice, title="Principal Architect", skills=["fine_tuning", "evaluation"])
    assessment = make_assessment("not_yet", lead=alice, organisation="Osprey Energy")
    engagement = assessment.engagement
    engagement.contact = Contact.objects.create(organisation=engagement.organisation, name="Olu", email="olu@o.example")
    engagement.save()
    first = report_request(assessment=assessment)  # tasks run inline in tests: ready at once
    base = page.base_url

    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form [type=submit]")
    assert_accessible(page, f"/reports/{first.pk}/")  # the architect's review page, desktop and phone
    page.goto(f"{base}/reports/{first.pk}/")
    draft = page.frame_locator("iframe.report-frame")
    assert draft.get_by_role("heading", name="Recommendation for Osprey Energy").is_visible()
    assert page.get_by_role("heading", name="The client's answers").is_visible()

    page.select_option("select[name=override_verdict]", "fine_tune")
    page.click("button:has-text('Save as a new version')")
    assert page.get_by_text("Nothing was saved:").is_visible()
    assert page.get_by_text("Explain why you differ from the computed verdict.", exact=True).is_visible()
    assert Report.objects.filter(assessment=assessment).count() == 1

    page.fill("textarea[name=override_justification]", "800 reviewed examples were shown in the workshop.")
    page.fill("textarea[name=narrative]", "Start in March <b>with care</b>.")
    page.get_by_label("Alice", exact=False).check()
    page.click("button:has-text('Save as a new version')")
    second = Report.objects.get(assessment=assessment, number=2)
    page.wait_for_url(f"{base}/reports/{second.pk}/")
    draft = page.frame_locator("iframe.report-frame")
    assert draft.get_by_text("Our architect's recommendation").is_visible()
    assert draft.get_by_text("Start in March <b>with care</b>.").is_visible()  # escaped, shown as typed
    screenshot(page, "report-review")

    page.click("button:has-text('Approve and deliver version 2')")
    assert page.get_by_text("Delivered. The client has been emailed").is_visible()
    assert [m.to for m in mail.outbox] == [["olu@o.example"]]

    _, token = ClientLink.issue(engagement)
    client = page.context.browser.new_context().new_page()
    client.goto(f"{base}/c/{token}/")
    client.goto(f"{base}/my/report/")
    assert client.get_by_text("800 reviewed examples were shown in the workshop.").is_visible()
    assert client.get_by_text("Fine-tune now").first.is_visible()
    page.goto(f"{base}/reports/{first.pk}/")
    assert page.get_by_text("You are looking at an earlier version").is_visible()


def test_a_second_click_while_saving_sends_nothing_more(page, alice):  # noqa: F811
    first = report_request(assessment=make_assessment("not_yet", lead=alice, organisation="Osprey Energy"))
    base = page.base_url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form [type=submit]")
    page.goto(f"{base}/reports/{first.pk}/")

    # A busy server, seen from the browser: the save is received and no page comes back yet (204
    # keeps the page), so the architect clicks again. Each form this guards is checked.
    sent = []

    def hold(route):
        if route.request.method != "POST":
            return route.continue_()
        sent.append(route.request.url)
        return route.fulfill(status=204)

    page.route("**/reports/**", hold)
    for name in ("Save as a new version", "Regenerate from the current answers"):
        button = page.get_by_role("button", name=name)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        for _ in range(2):
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(200)
    assert sent == [f"{base}/reports/{first.pk}/", f"{base}/reports/{first.pk}/regenerate/"]
    assert page.get_by_role("button", name="Save as a new version").is_disabled()


def test_the_drafts_chapter_links_scroll_the_preview_to_each_chapter_and_the_page_stays_accessible(page, alice):  # noqa: F811
    report = report_request(assessment=make_assessment("not_yet", lead=alice, organisation="Osprey Energy"))
    base = page.base_url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form [type=submit]")
    page.goto(f"{base}/reports/{report.pk}/")
    chapters = page.get_by_role("navigation", name="Chapters of the draft").get_by_role("link")
    preview = page.frame(name="report-draft-frame")
    # One link per chapter the preview has, in its order.
    assert chapters.all_inner_texts() == preview.locator("section.chapter > h2").all_inner_texts()
    assert len(chapters.all_inner_texts()) >= 5
    for name, anchor in (("Next steps: readiness plan", "next-steps"), ("Executive summary", "summary")):
        page.get_by_role("link", name=name, exact=True).click()
        # The preview is sandboxed (another origin to this page): ask inside it where the chapter is.
        preview.wait_for_function(
            f"() => Math.abs(document.getElementById('{anchor}').getBoundingClientRect().top) < 40"
        )
        assert preview.evaluate("window.scrollY") > 0
    assert page.evaluate("window.scrollY") == 0  # the preview scrolled, not the page around it
    assert axe_violations(page) == []
