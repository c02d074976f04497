"""In headless Chromium: a client uploads a training sample and an eval set beside the data and
evaluation sections and sees the findings appear without a reload; the page passes axe-core;
after they submit, the consultant's review page says where the answer and the sample disagree."""

import json

import pytest

from assessments.models import Report, SampleUpload
from discovery.models import ClientLink, Engagement
from tests.answers import READY_CLIENT
from tests.browser import page, screenshot  # noqa: F401
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.discovery.portal.test_client_report_browser import axe_violations
from tests.samples.files import distinct_questions, openai_chat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_client_uploads_a_sample_and_an_eval_set_and_the_consultant_sees_stated_against_measured(
    page,  # noqa: F811
    alice,
    tmp_path,
):
    engagement = make_engagement("Meridian Retail", status=Engagement.REQUESTED, lead=alice)
    assessment = make_assessment_for(engagement, {**READY_CLIENT, "curated_examples": "over_1000"})
    questions = distinct_questions(5412)
    examples = [openai_chat(q, f"Reply {i}") for i, q in enumerate(questions[:412])]
    training = write(tmp_path / "replies.jsonl", examples + examples[-38:])
    evals = write(tmp_path / "evals.jsonl", [{"input": q, "ideal": "yes"} for q in questions[5000:5040]])
    _, token = ClientLink.issue(engagement)
    base = page.base_url
    page.goto(f"{base}/c/{token}/")

    # 1. The training sample, beside the data section: findings replace the form's panel in place.
    page.goto(f"{base}/my/questions/data/")
    assert page.get_by_text("deleted as soon as it has been analysed").is_visible()
    page.locator("#sample-training-file").set_input_files(str(training))
    page.get_by_role("button", name="Upload and analyse").click()
    findings = page.locator("#sample-training-findings")
    findings.wait_for()
    text = findings.inner_text()
    assert "412 unique" in text and "38 examples repeat an earlier example word for word" in text
    assert page.url == f"{base}/my/questions/data/"  # no reload, no navigation
    assert axe_violations(page) == []
    screenshot(page, "sample-findings")

    # 2. The eval set, beside the evaluation section.
    page.goto(f"{base}/my/questions/evaluation/")
    page.locator("#sample-eval-file").set_input_files(str(evals))
    page.get_by_role("button", name="Upload and analyse").click()
    page.locator("#sample-eval-findings", has_text="40 with an expected answer").wait_for()
    assert SampleUpload.objects.filter(assessment=assessment, status="analysed").count() == 2
    assert not SampleUpload.objects.exclude(file="").exists()  # both raw files deleted once analysed

    # 3. A bad file gets its reason at once, and nothing is stored.
    bad = tmp_path / "notes.jsonl"
    bad.write_text("question,answer\nHi,Hello\n")
    page.locator("#sample-eval-file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and analyse").click()
    page.locator("#sample-eval-error", has_text="Nothing was stored").wait_for()
    assert SampleUpload.objects.count() == 2

    # 4. The client submits; the consultant's review page says plainly what disagrees.
    page.goto(f"{base}/my/review/")
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_text("Thank you — your answers are submitted.").wait_for()
    report = Report.objects.get(assessment=assessment)
    consultant = page.context.browser.new_context().new_page()
    consultant.goto(base + "/accounts/login/")
    consultant.fill("input[name=username]", "alice")
    consultant.fill("input[name=password]", "correct horse battery")
    consultant.click("form [type=submit]")
    consultant.goto(f"{base}/reports/{report.pk}/")
    panel = consultant.locator("#stated-vs-measured")
    assert "Stated: “Over 1,000 curated examples”. Measured: 412 unique valid examples" in panel.inner_text()
    draft = consultant.frame_locator("iframe.report-frame")
    assert draft.get_by_role("heading", name="Measured readiness").is_visible()
    screenshot(consultant, "stated-vs-measured")
