"""`manage.py assess`: the contract's JSON in, JSON out, exit 2 with one line per problem."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

# The contract's example: brand voice plus new knowledge, with too few curated examples.
CONTRACT_EXAMPLE = {
    "use_case_summary": "Answer customer questions in our brand voice.",
    "goals": ["style_voice", "new_knowledge"],
    "knowledge_change_rate": "monthly",
    "request_volume": "medium",
    "consistency_need": "high",
    "prompting_tried": "systematic",
    "prompting_outcome": "inconsistent",
    "rag_tried": "no",
    "base_model_fit": "partially",
    "curated_examples": "under_100",
    "examples_reviewed": True,
    "training_data_rights": True,
    "evaluation_method": "defined_metrics",
    "baseline_measured": True,
    "migration_owner": True,
}


def run_assess(tmp_path, answers, raw: str | None = None):
    """Run the command in-process; returns (exit status, stdout, stderr lines)."""
    path = tmp_path / "answers.json"
    path.write_text(raw if raw is not None else json.dumps(answers))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("assess", "--answers", str(path), stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), [line for line in err.getvalue().splitlines() if line]


@pytest.mark.django_db
def test_the_contract_example_gives_the_contract_output(tmp_path):
    status, out, err = run_assess(tmp_path, CONTRACT_EXAMPLE)
    assert (status, err) == (0, [])
    result = json.loads(out)
    assert result["verdict"] == "not_yet"
    assert result["approaches"] == ["prompt_engineering", "rag"]
    assert result["matched"] == ["fit_style_voice", "needs_new_knowledge", "insufficient_curated_data"]
    assert result["criteria"][0] == {
        "slug": "fit_style_voice",
        "kind": "fit",
        "matched": True,
        "evidence": {"goals": ["style_voice", "new_knowledge"]},
    }
    # The published default is criteria v3 (it reads measured facts and a measured baseline) on
    # questionnaire v2; from answers alone it decides as v1.
    assert result["questionnaire"] == {"slug": "fine-tuning-readiness", "version": 2}
    assert result["criteria_set"] == {"slug": "fine-tuning-criteria", "version": 3}
    assert len(result["next_steps"]) == 3 and all(result["next_steps"])


@pytest.mark.django_db
def test_every_criterion_is_listed_matched_or_not(tmp_path):
    _, out, _ = run_assess(tmp_path, CONTRACT_EXAMPLE)
    slugs = [c["slug"] for c in json.loads(out)["criteria"]]
    assert len(slugs) == 22  # v1's 17, then v2's four that read measured facts, then v3's baseline advisory
    assert slugs[16] == "fast_changing_knowledge"
    assert {c["matched"] for c in json.loads(out)["criteria"]} == {True, False}


@pytest.mark.django_db
def test_malformed_json_exits_2_with_one_line(tmp_path):
    status, out, err = run_assess(tmp_path, None, raw='{"goals": [')
    assert status == 2 and out == ""
    assert len(err) == 1 and "malformed JSON" in err[0] and "line 1" in err[0]


@pytest.mark.django_db
def test_an_answer_set_that_is_not_an_object_exits_2(tmp_path):
    status, _, err = run_assess(tmp_path, ["style_voice"])
    assert status == 2 and len(err) == 1 and "object" in err[0]


@pytest.mark.django_db
def test_an_unknown_slug_exits_2_naming_it_and_its_value(tmp_path):
    status, out, err = run_assess(tmp_path, {**CONTRACT_EXAMPLE, "budget": "large"})
    assert status == 2 and out == ""
    assert err == ["budget: is not a question of fine-tuning-readiness (value 'large')"]


@pytest.mark.django_db
def test_a_value_of_the_wrong_type_exits_2_naming_the_slug_and_value(tmp_path):
    status, _, err = run_assess(tmp_path, {**CONTRACT_EXAMPLE, "baseline_measured": "yes", "goals": "style_voice"})
    assert status == 2
    assert len(err) == 2
    assert any(line.startswith("baseline_measured:") and "'yes'" in line for line in err)
    assert any(line.startswith("goals:") and "'style_voice'" in line for line in err)


@pytest.mark.django_db
def test_a_value_that_is_not_a_choice_exits_2_naming_the_slug_and_value(tmp_path):
    status, _, err = run_assess(tmp_path, {**CONTRACT_EXAMPLE, "request_volume": "enormous"})
    assert status == 2
    assert len(err) == 1 and err[0].startswith("request_volume:") and "'enormous'" in err[0]


@pytest.mark.django_db
def test_a_required_visible_question_left_unanswered_exits_2(tmp_path):
    answers = {k: v for k, v in CONTRACT_EXAMPLE.items() if k not in ("baseline_measured", "knowledge_change_rate")}
    status, _, err = run_assess(tmp_path, answers)
    assert status == 2
    assert sorted(err) == ["baseline_measured: an answer is required", "knowledge_change_rate: an answer is required"]


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(tmp_path):
    answers = {**CONTRACT_EXAMPLE, "budget": 3, "request_volume": "enormous", "migration_owner": None}
    _, _, err = run_assess(tmp_path, answers)
    assert sorted(line.split(":")[0] for line in err) == ["budget", "migration_owner", "request_volume"]


@pytest.mark.django_db
def test_answers_to_hidden_questions_are_ignored_even_when_invalid(tmp_path):
    answers = {
        **CONTRACT_EXAMPLE,
        "goals": ["style_voice"],
        "knowledge_change_rate": "not-a-choice",  # hidden: new_knowledge isn't a goal
        "curated_examples": "none",
        "training_data_rights": False,  # hidden: no curated examples
        "examples_reviewed": "maybe",
    }
    status, out, err = run_assess(tmp_path, answers)
    assert (status, err) == (0, [])
    result = json.loads(out)
    assert "no_training_rights" not in result["matched"]
    assert sorted(result["ignored_hidden"]) == [
        "examples_reviewed",
        "knowledge_change_rate",
        "training_data_rights",
    ]


@pytest.mark.django_db
def test_a_missing_file_exits_2_with_a_clear_message(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("assess", "--answers", str(tmp_path / "nope.json"), stderr=err)
    assert exit_.value.code == 2
    assert "can't read" in err.getvalue()


def test_the_command_reads_standard_input_and_writes_only_json(tmp_path):
    """Through a real process, as a user runs it: `-` reads stdin; stdout is the JSON alone."""
    env_db = tmp_path / "cli.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{env_db}", "HOME": str(tmp_path)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True)
    ok = subprocess.run(
        [*manage, "assess", "--answers", "-"],
        cwd=ROOT,
        env=env,
        input=json.dumps(CONTRACT_EXAMPLE),
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["verdict"] == "not_yet"
    bad = subprocess.run(
        [*manage, "assess", "--answers", "-"],
        cwd=ROOT,
        env=env,
        input=json.dumps({**CONTRACT_EXAMPLE, "request_volume": "enormous", "budget": 1}),
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert sorted(bad.stderr.splitlines()) == [
        "budget: is not a question of fine-tuning-readiness (value 1)",
        "request_volume: 'enormous' is not one of the choices ['low', 'medium', 'high']",
    ]


@pytest.mark.django_db
def test_a_database_without_tables_gets_a_message_to_migrate_not_a_traceback(tmp_path, monkeypatch):
    from django.core.management import CommandError
    from django.db import OperationalError

    from assessments.management.commands import assess

    def no_tables():
        raise OperationalError("no such table: assessments_criteriaset")

    monkeypatch.setattr(assess, "published_criteria_set", no_tables)
    with pytest.raises(CommandError, match="run `python manage.py migrate` first"):
        run_assess(tmp_path, CONTRACT_EXAMPLE)


def run_partial(tmp_path, answers):
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(answers))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("assess", "--partial", "--answers", str(path), stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), [line for line in err.getvalue().splitlines() if line]


@pytest.mark.django_db
def test_partial_with_one_goal_is_undecided_and_names_the_open_questions(tmp_path):
    status, out, err = run_partial(tmp_path, {"goals": ["style_voice"]})
    assert (status, err) == (0, [])
    result = json.loads(out)
    assert result["decided"] is False and result["verdict"] is None
    assert result["possible"] == ["do_not_fine_tune", "fine_tune", "not_yet"]
    assert result["open"] == sorted(result["open"]) and "prompting_tried" in result["open"]
    assert "goals" not in result["open"]  # answered
    criteria = {c["slug"]: c["matched"] for c in result["criteria"]}
    assert criteria["fit_style_voice"] is True and criteria["no_baseline"] is None


@pytest.mark.django_db
def test_partial_with_complete_answers_is_decided_as_without_it(tmp_path):
    _, whole, _ = run_assess(tmp_path, CONTRACT_EXAMPLE)
    status, out, _ = run_partial(tmp_path, CONTRACT_EXAMPLE)
    result, plain = json.loads(out), json.loads(whole)
    assert status == 0 and result["decided"] is True and result["possible"] == [plain["verdict"]]
    assert {k: result[k] for k in plain} == plain and result["open"] == []


@pytest.mark.django_db
def test_partial_still_exits_2_for_a_bad_value(tmp_path):
    status, out, err = run_partial(tmp_path, {"goals": ["style_voice"], "request_volume": "huge"})
    assert status == 2 and out == ""
    assert len(err) == 1 and err[0].startswith("request_volume:") and "huge" in err[0]


@pytest.mark.django_db
def test_without_partial_an_open_required_question_still_exits_2(tmp_path):
    status, _, err = run_assess(tmp_path, {"goals": ["style_voice"]})
    assert status == 2 and any(line.startswith("prompting_tried:") for line in err)
