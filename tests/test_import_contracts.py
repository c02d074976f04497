"""Every module of the two apps and web sits in an import-linter layer, or is listed with a reason.

A layers contract only checks the modules it names: a module in no layer may import anything
and `lint-imports` still says "kept". So this reads pyproject.toml's contracts and fails on a
module (a new one, typically) that no layer covers and [tool.layer-coverage.unlayered] doesn't
list. Reads files only: no Django, no database.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assessments", "config", "demo", "discovery", "web")


def config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def all_modules() -> set[str]:
    """Dotted names of every module and package under the three packages, migrations aside."""
    names = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.add(".".join(parts))
    return names


def layered_names(cfg: dict) -> set[str]:
    """Every module a layers contract names (a layer covers the module and its descendants)."""
    names = set()
    for contract in cfg["tool"]["importlinter"]["contracts"]:
        if contract["type"] != "layers":
            continue
        for layer in contract["layers"]:
            names.update(name.strip() for name in re.split(r"[|:]", layer))
    return names


def unlayered(cfg: dict) -> dict[str, str]:
    return cfg["tool"]["layer-coverage"]["unlayered"]


def is_covered(module: str, layered: set[str], exempt: dict[str, str]) -> bool:
    if module in exempt:
        return True
    parts = module.split(".")
    ancestors = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    if ancestors & layered:
        return True
    return any(f"{ancestor}.**" in exempt for ancestor in ancestors)


def test_every_module_sits_in_a_layer_or_is_listed_with_a_reason():
    cfg = config()
    layered, exempt = layered_names(cfg), unlayered(cfg)
    missing = sorted(m for m in all_modules() if not is_covered(m, layered, exempt))
    assert not missing, (
        "These modules sit in no import-linter layer: add each to its app's layers contract in "
        f"pyproject.toml (or, for plumbing, to [tool.layer-coverage.unlayered] with why): {missing}"
    )


def test_every_name_in_a_layer_or_the_exemptions_is_a_real_module():
    # A misspelt or removed name would cover nothing while looking as if it did.
    cfg = config()
    modules = all_modules()
    named = layered_names(cfg) | {name.removesuffix(".**") for name in unlayered(cfg)}
    assert sorted(named - modules) == []


def test_every_exemption_says_why():
    assert all(reason.strip() for reason in unlayered(config()).values())


def test_a_module_in_no_layer_is_reported():
    # The check itself: a module no layer names and no exemption lists is not covered, while its
    # sibling inside a layered package is.
    layered, exempt = {"discovery.views"}, {"web.**": "plumbing", "discovery": "the package"}
    assert not is_covered("discovery.new_concept", layered, exempt)
    assert is_covered("discovery.views.new_page", layered, exempt)
    assert is_covered("web.new_helper", layered, exempt)
    assert is_covered("discovery", layered, exempt)
