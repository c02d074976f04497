"""The code map can't drift: every module and sub-package is named in its package's docstring
and in docs/architecture.md, so adding a file without saying what it holds fails here."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("assessments", "config", "demo", "discovery", "web")
SKIPPED = {"migrations", "__pycache__"}


def packages():
    found = []
    for app in APPS:
        for init in sorted((ROOT / app).rglob("__init__.py")):
            if SKIPPED.isdisjoint(init.relative_to(ROOT).parts):
                found.append(init.parent)
    return found


def members(package: Path) -> list[str]:
    """The package's modules as `name.py` and its sub-packages as `name/`."""
    modules = [f"{p.name}" for p in sorted(package.glob("*.py")) if p.name != "__init__.py"]
    subpackages = [
        f"{d.name}/" for d in sorted(package.iterdir()) if d.name not in SKIPPED and (d / "__init__.py").is_file()
    ]
    return modules + subpackages


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def docstring_names(package: Path) -> set[str]:
    """Names listed one per line as `name.py — what it holds` (or `name/ — …`)."""
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    return set(re.findall(r"^\s*(\S+\.py|\S+/) — \S", docstring, flags=re.MULTILINE))


ARCHITECTURE = ROOT / "docs" / "architecture.md"


@pytest.mark.parametrize("package", packages(), ids=relative)
def test_every_module_is_named_in_its_package_docstring(package):
    listed = docstring_names(package)
    missing = [name for name in members(package) if name not in listed]
    assert not missing, (
        f"{relative(package)}/__init__.py's docstring does not name {', '.join(missing)}: "
        "add a line `name.py — what it holds` (or `name/ — …`) for each"
    )


@pytest.mark.parametrize("package", packages(), ids=relative)
def test_every_module_is_in_the_architecture_doc(package):
    text = ARCHITECTURE.read_text()
    paths = [f"{relative(package)}/{name}" for name in members(package)]
    # As a code span, so `web/ids.py` is not found inside `web/ids.pyc` or a longer path.
    missing = [path for path in paths if f"`{path}`" not in text]
    assert not missing, f"docs/architecture.md does not name {', '.join(missing)}"


def test_the_packages_are_found():
    # Guards the two tests above against passing vacuously if the walk found nothing.
    found = {relative(p) for p in packages()}
    assert {"assessments/engine", "discovery/analytics", "demo", "web"} <= found


def test_every_test_file_the_readme_names_exists():
    # The README points readers at the tests that prove each claim; a renamed test must not
    # leave it pointing nowhere.
    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"tests/[\w/]+\.py", readme))
    bare = {name for name in re.findall(r"`(test_\w+\.py)`", readme)}
    on_disk = {p.name for p in (ROOT / "tests").rglob("test_*.py")}
    assert named and bare
    assert sorted(n for n in named if not (ROOT / n).is_file()) == []
    assert sorted(bare - on_disk) == []
