"""Downloads of a report version: the Word document, and the action plan as CSV and XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Report
from assessments.reports.selectors import report_action_plan
from assessments.reports.services import report_generate_now
from tests.assessments.reports.factories import make_assessment


@pytest.fixture
def rendered(alice):
    """Version 1 of a "not yet" report (it has a readiness plan) for an engagement Alice leads."""
    return report_generate_now(assessment=make_assessment("not_yet", lead=alice, organisation="=Evil Corp"))


@pytest.mark.django_db
def test_the_action_plan_lists_each_next_step_with_who_and_the_criteria_that_added_it(rendered):
    plan = report_action_plan(rendered)
    assert [row["step"] for row in plan] == rendered.evaluation.result["next_steps"]
    assert all(row["criteria"] for row in plan)
    assert plan[0]["number"] == 1


@pytest.mark.django_db
def test_each_step_is_owned_by_whoever_does_it_the_client_or_the_consultancy(rendered):
    by_criterion = {row["criteria"][0]: row for row in report_action_plan(rendered)}
    # Building a reviewed example set is the client's work; piloting retrieval is the consultancy's.
    client_step = by_criterion["Not enough good examples yet"]
    consultancy_step = by_criterion["The model needs knowledge it doesn't have"]
    assert (client_step["owner"], client_step["who"]) == ("client", "=Evil Corp (client)")
    assert (consultancy_step["owner"], consultancy_step["who"]) == ("consultancy", "Alice (consultancy)")


@pytest.mark.django_db
def test_an_action_plan_row_says_to_be_agreed_while_nobody_leads(rendered):
    engagement = rendered.assessment.engagement
    engagement.lead = None
    engagement.save()
    rendered.refresh_from_db()
    plan = report_action_plan(rendered)
    assert {row["who"] for row in plan if row["owner"] == "consultancy"} == {"To be agreed"}
    assert {row["who"] for row in plan if row["owner"] == "client"} == {"=Evil Corp (client)"}


@pytest.mark.django_db
def test_the_review_page_offers_the_docx_and_the_action_plan(client, alice, rendered):
    client.force_login(alice)
    html = client.get(reverse("reports:review", args=[rendered.pk])).content.decode()
    for url in [
        reverse("reports:docx", args=[rendered.pk]),
        reverse("reports:action-plan", args=[rendered.pk, "csv"]),
        reverse("reports:action-plan", args=[rendered.pk, "xlsx"]),
    ]:
        assert url in html


@pytest.mark.django_db
def test_a_consultant_downloads_the_docx(client, bob, rendered):
    client.force_login(bob)
    response = client.get(reverse("reports:docx", args=[rendered.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert b"".join(response.streaming_content).startswith(b"PK")


@pytest.mark.django_db
def test_the_action_plan_csv_neutralises_the_client_name(client, alice, rendered):
    client.force_login(alice)
    response = client.get(reverse("reports:action-plan", args=[rendered.pk, "csv"]))
    body = response.content.decode("utf-8-sig").splitlines()
    assert body[0] == "Step,Next step,Who,From criterion,Client,Report version"
    assert ",'=Evil Corp," in body[1]


@pytest.mark.django_db
def test_the_action_plan_xlsx_holds_the_client_name_as_text_never_a_formula(client, alice, rendered):
    client.force_login(alice)
    response = client.get(reverse("reports:action-plan", args=[rendered.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["E2"].value == "=Evil Corp" and sheet["E2"].data_type == "s"
    assert sheet["A2"].value == 1 and sheet["B2"].value == rendered.evaluation.result["next_steps"][0]


@pytest.mark.django_db
def test_someone_without_a_role_gets_no_export(client, charlie, rendered):
    client.force_login(charlie)
    for url in [reverse("reports:docx", args=[rendered.pk]), reverse("reports:action-plan", args=[rendered.pk, "csv"])]:
        assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_an_unknown_format_or_version_or_an_unrendered_one_is_not_found(client, alice, rendered):
    client.force_login(alice)
    assert client.get(reverse("reports:action-plan", args=[rendered.pk, "pdf"])).status_code == 404
    assert client.get("/reports/99999999/docx/").status_code == 404
    Report.objects.filter(pk=rendered.pk).update(status=Report.QUEUED)
    assert client.get(reverse("reports:docx", args=[rendered.pk])).status_code == 404
    assert client.get(reverse("reports:action-plan", args=[rendered.pk, "xlsx"])).status_code == 404


@pytest.mark.django_db
def test_a_step_the_client_has_already_done_is_acknowledged_not_prescribed(alice):
    from assessments.services.evaluation import assessment_evaluate

    # Issue 23: 266 unique examples uploaded, and the plan still said "collect a few hundred".
    assessment = make_assessment("not_yet", lead=alice)
    facts = {"sample.unique_examples": 266, "sample.valid_examples": 270, "evals.contaminated": 5}
    evaluation = assessment_evaluate(assessment=assessment, facts=facts)
    report = Report.objects.create(assessment=assessment, number=9, evaluation=evaluation)
    plan = report_action_plan(report)
    done = [row for row in plan if row["done"]]
    assert done and all(row["number"] is None for row in done)
    assert done[0]["done"] == "266 unique valid examples uploaded and measured"
    assert plan[: len(done)] == done  # acknowledged first
    assert [row["number"] for row in plan[len(done) :]] == list(range(1, len(plan) - len(done) + 1))
