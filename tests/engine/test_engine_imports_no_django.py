"""The engine is pure Python: it must import and run with Django unavailable."""

import re
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "assessments" / "engine"


def test_engine_imports_no_django():
    """Every engine module, the logic check and the diff included, runs without Django."""
    sources = {p.name: p.read_text() for p in ENGINE.glob("*.py")}
    assert sources
    imports_django = re.compile(r"^\s*(import|from)\s+django\b", re.M)
    assert [name for name, text in sources.items() if imports_django.search(text)] == []
    # Import the engine in a fresh interpreter where `import django` fails, then evaluate.
    code = (
        "import sys; sys.modules['django'] = None; import assessments.engine as e; "
        "q, c = e.load_default(); assert c.golden_cases and e.run_golden_cases(q, c); "
        "findings, exhaustive = e.logic_check(q, c); "
        "assert e.content_diff(c.to_dict(), c.to_dict()).is_empty; "
        "assert e.verdict_label('not_yet') and e.answer_text(q.questions[0], None)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ENGINE.parents[1])
