"""`manage.py run_baseline`: one JSON object against our fake provider; exit 2 with one line on
standard error for an unreadable eval set, an unknown kind, a missing key, an unreachable endpoint."""

import io
import json

import pytest
from django.core.management import call_command

from tests.baseline.fake_provider import FakeProvider

KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY"}


class Done:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(monkeypatch):
    """The command in this process (its code path is the same as from a shell), with only the
    named provider key in the environment."""

    def run(args, env_key=None, kind="openai"):
        for variable in KEYS.values():
            monkeypatch.delenv(variable, raising=False)
        if env_key:
            monkeypatch.setenv(KEYS[kind], env_key)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("run_baseline", *args, stdout=out, stderr=err)
            code = 0
        except SystemExit as exit_:
            code = exit_.code
        return Done(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def eval_file(tmp_path):
    path = tmp_path / "eval.jsonl"
    lines = [{"input": f"Q{i} ANSWER:{'yes' if i < 3 else 'no'}", "expected": "yes"} for i in range(4)]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return path


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_the_command_prints_the_contract_object(run, eval_file, tmp_path, kind):
    prompt = tmp_path / "prompt.txt"
    prompt.write_text("Answer yes or no.")
    with FakeProvider() as provider:
        done = run(
            [
                "--eval",
                str(eval_file),
                "--model",
                f"{kind}:test-model",
                "--prompt",
                str(prompt),
                "--repeats",
                "2",
                "--variants",
                "1",
                "--base-url",
                provider.base_url(kind),
                "--price-in",
                "1",
                "--price-out",
                "2",
            ],
            env_key="sk-test",
            kind=kind,
        )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {
        "cases",
        "graded",
        "repeats",
        "variants",
        "tokens_in",
        "tokens_out",
        "cost_usd",
        "cached_calls",
        "stopped_at_cap",
    }
    assert (result["cases"], result["graded"], result["repeats"]) == (4, 4, 2)
    client = result["variants"][0]
    assert client["name"] == "client" and client["passed"] == 3 and client["pass_rate"] == 0.75
    assert client["ci_low"] < 0.75 < client["ci_high"] and client["errors"] == {}
    assert [v["name"] for v in result["variants"]] == ["client", "instructions"]
    assert result["cost_usd"] > 0 and result["stopped_at_cap"] is False


def test_bad_inputs_exit_2_with_one_line(run, eval_file, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    cases = [
        (["--eval", str(bad), "--model", "openai:m"], "sk", "line 1: not JSON"),
        (["--eval", str(eval_file), "--model", "mistral:m"], "sk", "KIND one of anthropic, openai, gemini"),
        (["--eval", str(eval_file), "--model", "openai:m"], None, "set OPENAI_API_KEY"),
        (
            ["--eval", str(eval_file), "--model", "openai:m", "--base-url", "http://127.0.0.1:9/v1", "--timeout", "2"],
            "sk",
            "did not",
        ),
        (["--eval", str(tmp_path / "missing.jsonl"), "--model", "openai:m"], "sk", "can't read"),
    ]
    for args, key, message in cases:
        done = run(args, env_key=key)
        assert done.returncode == 2, (args, done.stdout)
        assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stdout == ""
