"""`export_content` and `import_content`: content as JSON documents, imported as validated drafts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments.engine.content import CONTENT_DIR
from assessments.models import CriteriaSet, Questionnaire, VersionStatus
from assessments.selectors import published_criteria_set

pytestmark = pytest.mark.django_db


def export(*args) -> dict:
    out = io.StringIO()
    call_command("export_content", *args, stdout=out)
    return json.loads(out.getvalue())


def run_import(tmp_path, data, *args):
    """(exit status, stdout, stderr) of import_content on `data` written to a file."""
    path = tmp_path / "content.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_content", str(path), *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def test_export_writes_the_published_criteria_set_in_the_content_format():
    data = export("fine-tuning-criteria")
    assert (data["format"], data["kind"], data["version"]) == ("discovery-content/1", "criteria_set", 3)
    assert data["questionnaire"] == {"slug": "fine-tuning-readiness", "version": 2}
    shipped = json.loads((CONTENT_DIR / "fine-tuning-criteria.v3.json").read_text())
    assert [c["slug"] for c in data["criteria"]] == [c["slug"] for c in shipped["criteria"]]
    assert len(data["criteria"]) == 22 and data["policy"][-1]["condition"] == "true"
    assert data["golden_cases"]


def test_export_writes_a_questionnaire_version_to_a_file(tmp_path):
    target = tmp_path / "q.json"
    call_command("export_content", "fine-tuning-readiness", "1", "--output", str(target), stderr=io.StringIO())
    data = json.loads(target.read_text())
    assert data["kind"] == "questionnaire"
    assert [q["slug"] for s in data["sections"] for q in s["questions"]][:2] == ["use_case_summary", "goals"]


def test_export_names_an_unknown_slug_or_version():
    with pytest.raises(CommandError, match="'nope'"):
        call_command("export_content", "nope")
    with pytest.raises(CommandError, match="no version 9"):
        call_command("export_content", "fine-tuning-criteria", "9")


def test_an_exported_criteria_set_imports_as_the_next_draft_with_every_part(tmp_path):
    status, out, err = run_import(tmp_path, export("fine-tuning-criteria"))
    assert (status, err) == (0, "")
    draft = CriteriaSet.objects.get(slug="fine-tuning-criteria", version=4)
    assert draft.status == VersionStatus.DRAFT
    assert "fine-tuning-criteria v4" in out
    source = published_criteria_set()
    assert draft.criteria.count() == source.criteria.count()
    assert draft.policy_rules.count() == source.policy_rules.count()
    assert draft.golden_cases.count() == source.golden_cases.count()
    assert export("fine-tuning-criteria", "4")["criteria"] == export("fine-tuning-criteria", "3")["criteria"]


def test_an_exported_questionnaire_round_trips(tmp_path):
    original = export("fine-tuning-readiness")
    assert run_import(tmp_path, original)[0] == 0
    again = export("fine-tuning-readiness", "3")
    assert original["version"] == 2 and {**again, "version": 2} == original


def test_import_with_an_invalid_condition_stores_nothing_and_lists_each_problem(tmp_path):
    data = export("fine-tuning-criteria")
    data["criteria"][0]["condition"] = '"style_voice" in goalz'
    data["criteria"][1]["condition"] = 'consistency_need == "always"'
    data["policy"][0]["condition"] = "!(fit in matched_kinds"
    status, _, err = run_import(tmp_path, data)
    assert status == 2
    assert "Nothing was imported" in err
    assert "fit_style_voice" in err and "goalz" in err
    assert "fit_structured_output" in err and "'always'" in err
    assert "Syntax error at line 1" in err
    assert CriteriaSet.objects.filter(slug="fine-tuning-criteria").count() == 3


def test_publishing_on_import_is_refused_for_invalid_conditions(tmp_path):
    data = export("fine-tuning-criteria")
    data["criteria"][5]["condition"] = "request_volume > 3"
    status, _, err = run_import(tmp_path, data, "--publish", "--note", "Tighter rules")
    assert status == 2 and "needs_live_actions" in err
    assert published_criteria_set().version == 3
    assert CriteriaSet.objects.filter(slug="fine-tuning-criteria").count() == 3


def test_publishing_on_import_is_refused_when_a_golden_case_fails(tmp_path):
    data = export("fine-tuning-criteria")
    data["golden_cases"][0]["expected_verdict"] = "do_not_fine_tune"
    status, _, err = run_import(tmp_path, data, "--publish", "--note", "Changed expectation")
    assert status == 2
    assert f"golden case {data['golden_cases'][0]['name']!r}" in err
    assert CriteriaSet.objects.filter(slug="fine-tuning-criteria").count() == 3


def test_publishing_on_import_needs_a_note(tmp_path):
    status, _, err = run_import(tmp_path, export("fine-tuning-criteria"), "--publish")
    assert status == 2 and "note is required" in err
    assert published_criteria_set().version == 3


def test_import_and_publish_retires_the_previous_version(tmp_path):
    data = export("fine-tuning-criteria")
    data["criteria"][0]["rationale"] = "Clearer wording."
    status, out, _ = run_import(tmp_path, data, "--publish", "--note", "Clearer wording")
    assert status == 0
    assert published_criteria_set().version == 4
    assert CriteriaSet.objects.get(slug="fine-tuning-criteria", version=3).status == VersionStatus.RETIRED


def test_import_refuses_malformed_json_and_documents_of_the_wrong_shape(tmp_path):
    status, _, err = run_import(tmp_path, '{"format": ')
    assert status == 2 and "not valid JSON" in err
    status, _, err = run_import(tmp_path, {"format": "something-else", "kind": "questionnaire"})
    assert status == 2 and "discovery-content/1" in err
    data = export("fine-tuning-readiness")
    del data["sections"][0]["questions"][1]["type"]
    status, _, err = run_import(tmp_path, data)
    assert status == 2 and "'type'" in err
    assert Questionnaire.objects.filter(slug="fine-tuning-readiness").count() == 2


def test_import_refuses_a_criteria_set_for_a_questionnaire_that_is_not_here(tmp_path):
    data = export("fine-tuning-criteria")
    data["questionnaire"]["version"] = 4
    status, _, err = run_import(tmp_path, data)
    assert status == 2 and "fine-tuning-readiness v4 doesn't exist" in err


def test_import_refuses_a_visibility_condition_that_reads_a_later_question(tmp_path):
    data = export("fine-tuning-readiness")
    data["sections"][0]["questions"][0]["visible_when"] = '"style_voice" in goals'
    status, _, err = run_import(tmp_path, data)
    assert status == 2 and "use_case_summary" in err and "goals" in err
    assert Questionnaire.objects.filter(slug="fine-tuning-readiness").count() == 2


def test_import_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(export("fine-tuning-readiness"))))
    out = io.StringIO()
    call_command("import_content", "-", stdout=out)
    assert "fine-tuning-readiness v3" in out.getvalue()


def test_a_note_without_publish_is_refused_before_anything_happens(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(export("fine-tuning-criteria")))
    with pytest.raises(CommandError, match="--note only goes with --publish"):
        call_command("import_content", str(path), "--note", "Forgot to publish")
    assert CriteriaSet.objects.filter(slug="fine-tuning-criteria").count() == 3
